from django.urls import path

from offers import views

app_name = "offers"

urlpatterns = [
    path("angebote/", views.offer_list, name="list"),
    path("angebote/<slug:slug>/", views.offer_detail, name="detail"),
]
