from django.urls import path

from offers import views

app_name = "offers"

urlpatterns = [
    path("angebote/", views.offer_list, name="list"),
    path("angebote/kalender.ics", views.offer_list_calendar, name="list-calendar"),
    path("angebote/<slug:slug>/", views.offer_detail, name="detail"),
    path("angebote/<slug:slug>/kalender.ics", views.offer_calendar, name="calendar"),
]
