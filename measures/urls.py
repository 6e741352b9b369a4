from django.urls import path

from measures import views, views_reports

app_name = "measures"

urlpatterns = [
    path("massnahmen/", views.measure_list, name="list"),
    path("aenderungen/", views.changes, name="changes"),
    path("aenderungen/feed/", views.ChangesFeed(), name="feed"),
    path("berichte/sachstand/", views_reports.status_report, name="status_report"),
]
