"""Markup that assistive technology reads right: links that form a list are a list, and every
select box has a label and shows the filter value it stands for as selected."""

import re

import html5lib
import pytest

from tests.test_nu_validator import PUBLIC_PAGES

pytestmark = pytest.mark.django_db
SEPARATORS = re.compile(r"[\s·|/–-]*")


def parse(client, url):
    return html5lib.parse(client.get(url).content.decode(), namespaceHTMLElements=False)


def loose_link_groups(document):
    """Elements holding two or more links with nothing between them but separators."""
    for element in document.iter():
        links = [child for child in element if child.tag == "a"]
        if element.tag == "li" or len(links) < 2:
            continue
        between = (element.text or "") + "".join(child.tail or "" for child in element)
        if SEPARATORS.fullmatch(between):
            yield " | ".join("".join(link.itertext()).strip() for link in links)


@pytest.mark.parametrize("url", PUBLIC_PAGES.values(), ids=PUBLIC_PAGES.keys())
def test_links_side_by_side_are_marked_up_as_a_list(client, url):
    assert list(loose_link_groups(parse(client, url))) == []


@pytest.mark.parametrize(
    "url, selected",
    [
        (
            "/massnahmen/?stadtteil=brauck&status=idee&sort=status",
            {"stadtteil": "brauck", "status": "idee", "sort": "status"},
        ),
        ("/angebote/?stadtteil=brauck&zielgruppe=eltern", {"zielgruppe": "eltern"}),
    ],
)
def test_select_boxes_have_a_label_and_show_their_value(client, url, selected):
    document = parse(client, url)
    labelled = {label.get("for") for label in document.iter("label")}
    selects = list(document.iter("select"))
    assert selects
    for select in selects:
        assert select.get("id") in labelled
        chosen = [option.get("value") for option in select if option.get("selected") is not None]
        assert len(chosen) <= 1, select.get("name")
        if select.get("name") in selected:
            assert chosen == [selected[select.get("name")]]
