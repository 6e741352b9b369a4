from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

from gladbeck.models import ConceptText


def mission_statement(request):
    texts = {text.key: text for text in ConceptText.objects.all()}
    return render(request, "gladbeck/leitbild.html", {"texts": texts})


def accessibility_statement(request):
    return render(request, "gladbeck/barrierefreiheit.html")


def imprint(request):
    return render(request, "gladbeck/impressum.html")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # No database access and no context processors that might fail: the page must render
    # even when the failure was the database.
    return render(request, "500.html", status=500)
