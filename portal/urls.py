from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("handlungsfelder/", views.action_field_list, name="action_fields"),
    path("handlungsfelder/<slug:slug>/", views.action_field_detail, name="action_field"),
    path("massnahmen/<slug:slug>/", views.measure_detail, name="measure"),
    path("stadtteile/<slug:slug>/", views.district_detail, name="district"),
    path("akteure/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("suche/", views.search_page, name="search"),
]
