"""Public pages of the concept itself: mission statement, accessibility statement, imprint."""

from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from gladbeck import views


class FaviconRedirect(RedirectView):
    """Browsers ask for /favicon.ico whatever the page says; they get the SVG icon."""

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")


app_name = "gladbeck"

urlpatterns = [
    path("leitbild/", views.mission_statement, name="leitbild"),
    path("barrierefreiheit/", views.accessibility_statement, name="barrierefreiheit"),
    path("impressum/", views.imprint, name="impressum"),
    path("gesundheit/", views.health, name="health"),
    path("favicon.ico", FaviconRedirect.as_view(), name="favicon"),
]
