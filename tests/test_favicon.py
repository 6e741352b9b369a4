"""The favicon answers: pages link the SVG icon, and /favicon.ico leads to it (no 404 and no
console error on any page)."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from gladbeck.charts import palette

pytestmark = pytest.mark.django_db


def test_pages_link_an_icon_that_exists(client):
    page = client.get("/").content.decode()
    href = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page).group(1)
    assert href.endswith("favicon.svg")
    assert finders.find("favicon.svg")


def test_favicon_ico_redirects_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("favicon.svg")


def test_the_icon_uses_the_palettes_colours():
    svg = Path(finders.find("favicon.svg")).read_text(encoding="utf-8")
    colours = {v for n, v in vars(palette).items() if n.isupper() and isinstance(v, str)}
    assert set(re.findall(r"#[0-9a-f]{6}", svg)) <= colours
