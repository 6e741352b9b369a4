"""Public pages are well-formed HTML: a strict HTML5 parser accepts every page type."""

import html5lib
import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/leitbild/",
    "/handlungsfelder/zusammenleben-und-austausch/",
    "/massnahmen/",
    "/massnahmen/?stadtteil=brauck&status=idee&sort=status&seite=2",
    "/massnahmen/stadtteileltern-in-innenstadt-und-butendorf/",
    "/angebote/",
    "/angebote/?alter=unsinn",
    "/angebote/maedchenzentrum/",
    "/akteure/stadtverwaltung-gladbeck/",
    "/stadtteile/mitte-1/",
    "/suche/?q=Sprache",
    "/aenderungen/",
    "/barrierefreiheit/",
    "/impressum/",
    "/gibt-es-nicht/",
]


@pytest.mark.parametrize("url", PAGES)
def test_the_page_parses_as_strict_html5(client, url):
    response = client.get(url)
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    document = parser.parse(response.content.decode())
    assert document.find(".//main") is not None
    assert document.get("lang") == "de"
