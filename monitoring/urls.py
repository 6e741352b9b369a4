from django.urls import path

from monitoring import views_monitoring

app_name = "monitoring"

urlpatterns = [
    path("monitoring/", views_monitoring.indicator_list, name="index"),
    path("monitoring/qualitaet/", views_monitoring.quality_overview, name="quality"),
    path(
        "monitoring/qualitaet/steuerung/",
        views_monitoring.quality_steering,
        name="quality_steering",
    ),
    path("monitoring/<slug:code>/", views_monitoring.indicator_detail, name="indicator"),
]
