from django.urls import path

from measures import views, views_reports

app_name = "measures"

urlpatterns = [
    path("", views.home, name="home"),
    path("handlungsfelder/<slug:slug>/", views.action_field_detail, name="action_field"),
    path("massnahmen/", views.measure_list, name="list"),
    path("massnahmen/<slug:slug>/", views.measure_detail, name="detail"),
    path("aenderungen/", views.changes, name="changes"),
    path("aenderungen/feed/", views.ChangesFeed(), name="feed"),
    path("berichte/sachstand/", views_reports.status_report, name="status_report"),
]
