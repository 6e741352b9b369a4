from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from gladbeck import preview
from gladbeck.models import ConceptText
from gladbeck.unsaved_preview import with_unsaved_input

# The public page that shows each concept text.
PAGES = {
    ConceptText.Key.ACCESSIBILITY: "gladbeck:barrierefreiheit",
    ConceptText.Key.IMPRINT: "gladbeck:impressum",
}


def concept_text_page(key):
    """The address of the page showing the text ``key`` (the others are on the Leitbild
    page)."""
    return reverse(PAGES.get(key, "gladbeck:leitbild"))


def mission_statement(request):
    texts = {text.key: with_unsaved_input(request, text) for text in ConceptText.objects.all()}
    Key = ConceptText.Key
    response = render(
        request,
        "gladbeck/leitbild.html",
        {
            "mission": texts.get(Key.MISSION),
            "mission_easy": texts.get(Key.MISSION_EASY),
            "origin": texts.get(Key.MISSION_ORIGIN),
            "foreword": texts.get(Key.FOREWORD),
            "process": texts.get(Key.PROCESS),
            "conclusion": texts.get(Key.CONCLUSION),
            "crumbs": [(None, _("Leitbild"))],
        },
    )
    return preview.mark(request, response)


def _legal_text(request, key):
    try:
        text = ConceptText.objects.get(key=key)
    except ConceptText.DoesNotExist as missing:
        raise Http404(key) from missing
    text = with_unsaved_input(request, text)
    response = render(
        request, "gladbeck/text_page.html", {"text": text, "crumbs": [(None, text.title_i18n)]}
    )
    return preview.mark(request, response)


def accessibility_statement(request):
    return _legal_text(request, ConceptText.Key.ACCESSIBILITY)


def imprint(request):
    return _legal_text(request, ConceptText.Key.IMPRINT)


@never_cache
def health(request):
    """A fixed answer without database or template: for uptime checks, and the baseline
    against which the benchmark measures every other page."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # A plain template render: no database access, so it works when the database is down.
    return render(request, "500.html", status=500)
