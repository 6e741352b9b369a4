from django.urls import path

from offers import views

app_name = "offers"

urlpatterns = [
    path("angebote/", views.offer_list, name="list"),
    path("angebote/<slug:slug>/", views.offer_detail, name="detail"),
    path("akteure/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("suche/", views.search_page, name="search"),
]
