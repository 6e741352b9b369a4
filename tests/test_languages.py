"""The public pages in the languages of Gladbeck's residents: addresses, lang/dir, the
language switch, hreflang, the interface texts, the content's translations and their state."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gladbeck.models import ConceptText, District, TargetGroup
from gladbeck.translation_status import State, record_state, set_translation
from measures.models import ActionField, Measure
from offers.models import Category
from tests.builders import make_measure, make_offer

pytestmark = pytest.mark.django_db

PREFIXES = {
    "de": "",
    "leichte-sprache": "/leichte-sprache",
    "en": "/en",
    "tr": "/tr",
    "ar": "/ar",
    "pl": "/pl",
    "bg": "/bg",
    "ro": "/ro",
    "uk": "/uk",
    "fa": "/fa",
}
HTML_LANG = {"leichte-sprache": "de-x-ls"}
PAGES = [
    "/",
    "/handlungsfelder/",
    "/handlungsfelder/sprache-und-bildung/",
    "/massnahmen/",
    "/angebote/",
    "/monitoring/",
    "/leitbild/",
    "/impressum/",
    "/barrierefreiheit/",
    "/suche/?q=Sprache",
    "/konzept/",
    "/daten/",
    "/aenderungen/",
]


def html_tag(html):
    return re.search(r"<html[^>]*>", html).group(0)


@pytest.mark.parametrize("language", PREFIXES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_answers_in_every_language_with_its_lang_and_direction(client, language, page):
    response = client.get(PREFIXES[language] + page)
    assert response.status_code == 200
    tag = html_tag(response.content.decode())
    assert f'lang="{HTML_LANG.get(language, language)}"' in tag
    assert f'dir="{"rtl" if language in ("ar", "fa") else "ltr"}"' in tag


def test_german_pages_keep_their_addresses_and_there_is_no_de_prefix(client):
    assert client.get("/angebote/").status_code == 200
    assert client.get("/de/angebote/").status_code == 404


def test_a_browser_asking_for_english_still_gets_the_german_page_at_the_german_address(client):
    html = client.get("/angebote/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="de"' in html_tag(html)
    assert "Angebote" in html


def test_the_switch_keeps_the_page_and_its_filters_and_names_each_language_in_itself(client):
    html = client.get("/tr/angebote/?stadtteil=brauck&kostenlos=ja").content.decode()
    switch = re.search(r'<nav class="language-switch".*?</nav>', html, re.S).group(0)
    links = dict(re.findall(r'<a href="([^"]+)" hreflang="[^"]+" lang="([^"]+)"', switch))
    links = {lang: url.replace("&amp;", "&") for url, lang in links.items()}
    assert links["de"] == "/angebote/?stadtteil=brauck&kostenlos=ja"
    assert links["ar"] == "/ar/angebote/?stadtteil=brauck&kostenlos=ja"
    assert links["de-x-ls"] == "/leichte-sprache/angebote/?stadtteil=brauck&kostenlos=ja"
    for name in ("Deutsch", "Türkçe", "العربية", "Українська", "Български", "فارسی", "Polski"):
        assert name in switch
    assert re.search(r'lang="tr"[^>]*aria-current="true"', switch)


def test_every_page_names_its_versions_in_all_languages_for_search_engines(client):
    html = client.get("/ar/massnahmen/?status=laufend").content.decode()
    alternates = dict(
        (lang, url.replace("&amp;", "&"))
        for lang, url in re.findall(
            r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html
        )
    )
    assert alternates["tr"] == "http://testserver/tr/massnahmen/?status=laufend"
    assert alternates["de"] == "http://testserver/massnahmen/?status=laufend"
    assert alternates["x-default"] == alternates["de"]
    assert set(alternates) == {HTML_LANG.get(code, code) for code in PREFIXES} | {"x-default"}


def test_the_interface_speaks_the_visitors_language(client):
    assert "Angebote" in client.get("/angebote/").content.decode()
    english = client.get("/en/angebote/").content.decode()
    assert "Skip to content" in english or "Skip to main content" in english
    turkish = client.get("/tr/").content.decode()
    assert "İçeriğe" in turkish or "içeriğe" in turkish
    arabic = client.get("/ar/massnahmen/").content.decode()
    assert "Maßnahmen" not in re.search(r"<title>(.*?)</title>", arabic, re.S).group(1)


def test_a_missing_page_answers_in_the_language_of_its_address(client):
    german = client.get("/gibt-es-nicht/")
    english = client.get("/en/gibt-es-nicht/")
    assert german.status_code == english.status_code == 404
    assert "Diese Seite gibt es nicht" in german.content.decode()
    html = english.content.decode()
    assert 'lang="en"' in html_tag(html)
    assert "Diese Seite gibt es nicht" not in html


def test_dates_are_written_in_the_languages_format(client):
    url = make_measure(title="Sprachcafé für Eltern").get_absolute_url()
    german = client.get(url).content.decode()
    english = client.get("/en" + url).content.decode()
    month_de = re.search(r"<time[^>]*>([^<]+)</time>", german).group(1)
    month_en = re.search(r"<time[^>]*>([^<]+)</time>", english).group(1)
    assert month_de != month_en
    assert re.search(r"\d+\. \w+ \d{4}", month_de)
    assert re.search(r"\w+\.? \d+, \d{4}", month_en)


def test_the_shipped_leitbild_shows_in_turkish_marked_as_not_checked(client):
    mission = ConceptText.objects.get(key=ConceptText.Key.MISSION)
    assert record_state(mission, "tr") == State.UNCHECKED
    html = client.get("/tr/leitbild/").content.decode()
    turkish_title = mission.i18n["title_tr"]
    assert turkish_title in html
    assert mission.title not in html.split("<main", 1)[1].split("translation-notice")[0]
    assert "translation-notice" in html


def test_content_without_translation_shows_in_german_marked_as_german_with_a_notice(client):
    measure = make_measure(title="Sprachcafé für Eltern")
    html = client.get("/tr" + measure.get_absolute_url()).content.decode()
    assert '<h1><span lang="de" dir="ltr">Sprachcafé für Eltern</span></h1>' in html
    notice = re.search(r'<p class="translation-notice".*?</p>', html, re.S).group(0)
    assert "Sprachcafé" not in notice


def test_a_translation_shows_and_turns_outdated_when_the_german_text_changes(client):
    measure = make_measure(title="Sprachcafé für Eltern")
    set_translation(measure, "title", "tr", "Ebeveynler için dil kafesi", checked=True)
    measure.save()
    german_url = measure.get_absolute_url()
    url = "/tr" + german_url
    html = client.get(url).content.decode()
    assert "<h1>Ebeveynler için dil kafesi</h1>" in html
    assert "translation-notice" not in html

    measure.title = "Sprachcafé für Eltern und Kinder"
    measure.save()
    assert record_state(measure, "tr") == State.OUTDATED
    html = client.get(url).content.decode()
    assert "<h1>Ebeveynler için dil kafesi</h1>" in html
    assert "translation-notice" in html
    assert f'href="{german_url}"' in html  # the German original


def test_filter_choices_show_in_the_visitors_language_with_the_same_counts(client):
    category = Category.objects.get(slug="beratung")
    make_offer(category=category)
    german = client.get("/angebote/").content.decode()
    turkish = client.get("/tr/angebote/").content.decode()
    name_tr = category.i18n["name_tr"]
    assert name_tr in turkish and name_tr not in german

    def counts(html):
        select = re.search(r'<select id="filter-kategorie".*?</select>', html, re.S).group(0)
        return re.findall(r'<option value="([^"]+)"[^>]*>[^<]*\((\d+)\)</option>', select)

    assert int(dict(counts(german))["beratung"]) >= 1 and len(counts(german)) > 3
    assert counts(german) == counts(turkish)


def test_the_text_filter_finds_measures_by_their_translation(client):
    measure = make_measure(title="Sprachcafé für Eltern")
    set_translation(measure, "title", "tr", "Ebeveynler için dil kafesi", checked=True)
    measure.save()
    turkish = client.get("/tr/massnahmen/?q=kafesi").content.decode()
    assert "Ebeveynler için dil kafesi" in turkish
    german = client.get("/massnahmen/?q=kafesi").content.decode()
    assert "Sprachcafé für Eltern" not in german


def test_the_site_search_finds_content_by_its_translation(client):
    measure = make_measure(title="Sprachcafé für Eltern")
    set_translation(measure, "title", "en", "Language café for parents", checked=True)
    measure.save()
    english = client.get("/en/suche/?q=parents").content.decode()
    assert "Language café for parents" in english
    german = client.get("/suche/?q=parents").content.decode()
    assert "Sprachcafé für Eltern" not in german


def test_the_page_cache_keeps_one_page_per_language_and_a_change_renews_all(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_CACHE = True
    cache.clear()
    field = ActionField.objects.get(slug="sprache-und-bildung")
    german_url = field.get_absolute_url()
    urls = [f"{prefix}{german_url}" for prefix in ("", "/tr", "/ar")]
    first = [client.get(url) for url in urls]
    assert [r.get("X-Cache") for r in (client.get(url) for url in urls)] == ["hit"] * 3
    assert len({r.content for r in first}) == 3

    field.title = "Sprache, Bildung und Schule"
    with django_capture_on_commit_callbacks(execute=True):
        field.save()
    again = [client.get(url) for url in urls]
    assert [r.get("X-Cache") for r in again] == [None] * 3
    assert "Sprache, Bildung und Schule" in again[0].content.decode()


def test_the_admin_stays_german_whatever_the_browser_asks_for(client, editor):
    client.force_login(editor)
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="tr,en").content.decode()
    assert 'lang="de"' in html_tag(html)
    assert client.get("/tr/admin/").status_code == 404


@pytest.mark.parametrize("prefix", ["", "/tr", "/ar", "/leichte-sprache"])
def test_a_measures_page_runs_the_same_queries_in_every_language(
    client, django_assert_num_queries, prefix
):
    url = Measure.objects.published().first().get_absolute_url()
    with CaptureQueriesContext(connection) as german:
        client.get(url)
    with django_assert_num_queries(len(german)):
        assert client.get(prefix + url).status_code == 200


def test_district_and_target_group_names_use_their_translation_where_one_exists(client):
    group = TargetGroup.objects.get(slug="frauen")
    assert group.i18n.get("name_ar")
    url = District.objects.get(slug="brauck").get_absolute_url()
    html = client.get("/ar" + url).content.decode()
    assert "Brauck" in html  # district names stay as they are unless translated


@pytest.mark.parametrize("template", ["500.html", "503.html", "400.html"])
def test_the_error_pages_speak_the_visitors_language(rf, template):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string
    from django.utils import translation

    request = rf.get("/ar/angebote/")
    request.user = AnonymousUser()
    german = render_to_string(template, request=request)
    with translation.override("ar"):
        arabic = render_to_string(template, request=request)
    assert 'lang="ar" dir="rtl"' in html_tag(arabic)
    german_heading = re.search(r"<h1>(.*?)</h1>", german).group(1)
    arabic_heading = re.search(r"<h1>(.*?)</h1>", arabic).group(1)
    assert arabic_heading != german_heading
    assert re.search("[\u0600-\u06ff]", arabic_heading)


def test_the_address_alone_decides_the_language_so_pages_do_not_vary_by_browser(client):
    german = client.get("/angebote/", HTTP_ACCEPT_LANGUAGE="tr")
    assert "Accept-Language" not in german.get("Vary", "")
    assert german["Content-Language"] == "de"
    assert client.get("/tr/angebote/")["Content-Language"] == "tr"
    assert client.get("/leichte-sprache/angebote/")["Content-Language"] == "de-x-ls"


def test_breadcrumbs_name_the_page_in_the_visitors_language(client):
    imprint = ConceptText.objects.get(key=ConceptText.Key.IMPRINT)
    field = ActionField.objects.get(slug="sprache-und-bildung")
    for url, title in (
        ("/tr/impressum/", imprint.i18n["title_tr"]),
        ("/tr" + field.get_absolute_url(), field.i18n["title_tr"]),
    ):
        html = client.get(url).content.decode()
        crumbs = re.search(r'<nav class="breadcrumbs.*?</nav>', html, re.S).group(0)
        assert title in crumbs, url
