from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from gladbeck import xliff_views
from gladbeck.admin_shortcuts import view_on_site
from gladbeck.translation_coverage import coverage_view

admin.site.site_header = "Konzept Zusammenleben in Gladbeck"
admin.site.site_title = "Gladbeck Integrationsportal"
admin.site.index_title = "Verwaltung der Inhalte"
# The lists need the width at 1280 px (title, action field, status, publication, last change
# without scrolling sideways); the start page and the breadcrumbs lead everywhere.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    # Before the admin's own URLs: replaces its unchecked "view on site" shortcut.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
        name="admin-view-on-site",
    ),
    # Before the admin's own URLs too: its JavaScript catalog with the German texts Django
    # lacks for the multi-select boxes (locale/de/LC_MESSAGES/djangojs.po).
    path(
        "admin/jsi18n/",
        admin.site.admin_view(
            JavaScriptCatalog.as_view(packages=["django.contrib.admin", "gladbeck"]),
            cacheable=True,
        ),
        name="admin-jsi18n",
    ),
    # Before the admin's own URLs: the XLIFF exchange with translation agencies (Redaktion).
    path(
        "admin/uebersetzungen/xliff/export/",
        admin.site.admin_view(xliff_views.export_view),
        name="admin-xliff-export",
    ),
    path(
        "admin/uebersetzungen/xliff/import/",
        admin.site.admin_view(xliff_views.import_view),
        name="admin-xliff-import",
    ),
    # Before the admin's own URLs: the Redaktion's view of the translations per language.
    path(
        "admin/uebersetzungen/",
        admin.site.admin_view(coverage_view),
        name="admin-translations",
    ),
    path("admin/", admin.site.urls),
]
# The public pages in every language: German at today's addresses, the others under their
# prefix (/tr/angebote/, /leichte-sprache/leitbild/) with the same paths.
urlpatterns += i18n_patterns(
    path("", include("gladbeck.urls_public")),
    path("", include("measures.urls")),
    path("", include("offers.urls")),
    path("", include("monitoring.urls")),
    path("", include("opendata.urls")),
    path("", include("portal.urls")),
    path("", include("concept.urls")),
    prefix_default_language=False,
)

handler404 = "gladbeck.views.page_not_found"
handler500 = "gladbeck.views.server_error"
