from django.urls import path

from opendata import views

app_name = "opendata"

urlpatterns = [
    path("daten/", views.index, name="index"),
    path("daten/<slug:name>.csv", views.download, {"extension": "csv"}, name="csv"),
    path("daten/<slug:name>.json", views.download, {"extension": "json"}, name="json"),
    path("api/hsds/", views.api_root, name="hsds"),
    path("api/hsds/services", views.services, name="hsds-services"),
    path("api/hsds/services/<str:service_id>", views.service_detail, name="hsds-service"),
    path("api/hsds/organizations", views.organizations, name="hsds-organizations"),
    path(
        "api/hsds/organizations/<str:organization_id>",
        views.organization_detail,
        name="hsds-organization",
    ),
    path("api/hsds/taxonomies", views.taxonomies, name="hsds-taxonomies"),
    path("api/hsds/taxonomies/<str:taxonomy_id>", views.taxonomy_detail, name="hsds-taxonomy"),
    path("api/hsds/taxonomy_terms", views.taxonomy_terms, name="hsds-taxonomy-terms"),
    path(
        "api/hsds/taxonomy_terms/<str:term_id>",
        views.taxonomy_term_detail,
        name="hsds-taxonomy-term",
    ),
    path(
        "api/hsds/service_at_locations",
        views.service_at_locations,
        name="hsds-service-at-locations",
    ),
    path(
        "api/hsds/service_at_locations/<str:service_at_location_id>",
        views.service_at_location_detail,
        name="hsds-service-at-location",
    ),
]
