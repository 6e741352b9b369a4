from django.contrib import admin
from django.urls import path

admin.site.site_header = "Konzept Zusammenleben in Gladbeck"
admin.site.site_title = "Gladbeck Integrationsportal"
admin.site.index_title = "Verwaltung der Inhalte"

urlpatterns = [
    path("admin/", admin.site.urls),
]
