from django.urls import path

from monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("stadtteile/<slug:slug>/", views.district_detail, name="district"),
]
