from django.urls import path

from monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("monitoring/", views.indicator_list, name="index"),
    path("monitoring/qualitaet/", views.quality_overview, name="quality"),
    path(
        "monitoring/qualitaet/steuerung/",
        views.quality_steering,
        name="quality_steering",
    ),
    path("monitoring/<slug:code>/", views.indicator_detail, name="indicator"),
]
