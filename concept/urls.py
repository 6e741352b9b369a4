from django.urls import path

from concept import views

app_name = "concept"

urlpatterns = [
    path("konzept/", views.current, name="current"),
    path("konzept/ausgaben/", views.edition_list, name="editions"),
    path("konzept/ausgaben/<int:number>/", views.edition, name="edition"),
    path(
        "konzept/ausgaben/<int:number>/vergleich/",
        views.comparison,
        name="compare_current",
    ),
    path(
        "konzept/ausgaben/<int:number>/vergleich/<int:other>/",
        views.comparison,
        name="compare",
    ),
]
