"""The languages of the public pages: the `lang`/`dir` of a page, its `hreflang` alternates and
the language switch, which keeps the visitor on the same page with the same filters.

Every language shows the same paths; all but German add their prefix (/tr/angebote/). The
links are built from the address itself, so a page that does not exist (404) switches too.
"""

from django.conf import settings
from django.utils.translation import get_language, get_language_from_path

from gladbeck.translation_status import SOURCE_LANGUAGE

# BCP 47 tags for `lang` and `hreflang`. Leichte Sprache is German for a browser or a screen
# reader; the private-use subtag keeps it apart from the standard German page.
HTML_LANG = {"leichte-sprache": "de-x-ls"}


def html_lang(code):
    return HTML_LANG.get(code, code)


def text_direction(code):
    return "rtl" if code in settings.LANGUAGES_BIDI else "ltr"


def path_in_language(path, code):
    """The same page in another language: /tr/angebote/ → /ar/angebote/ or /angebote/."""
    current = get_language_from_path(path)
    if current:
        path = path[len(current) + 1 :] or "/"
    if code == SOURCE_LANGUAGE:
        return path
    return f"/{code}{path}"


def language_links(request):
    """Context processor: the page's language and its versions in every language."""
    current = get_language() or SOURCE_LANGUAGE
    query = request.META.get("QUERY_STRING", "")
    links = []
    for code, name in settings.LANGUAGES:
        url = path_in_language(request.path_info, code)
        if query:
            url = f"{url}?{query}"
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "hreflang": html_lang(code),
                "dir": text_direction(code),
                "current": code == current,
            }
        )
    return {
        "page_language": current,
        "page_lang": html_lang(current),
        "page_dir": text_direction(current),
        "language_links": links,
    }
