from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Konzept Zusammenleben in Gladbeck"
admin.site.site_title = "Gladbeck Integrationsportal"
admin.site.index_title = "Verwaltung der Inhalte"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("gladbeck.urls_public")),
    path("", include("measures.urls")),
    path("", include("offers.urls")),
    path("", include("monitoring.urls")),
    path("", include("opendata.urls")),
]

handler404 = "gladbeck.views.page_not_found"
handler500 = "gladbeck.views.server_error"
