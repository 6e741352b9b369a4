"""Public pages of the concept itself: mission statement, accessibility statement, imprint."""

from django.urls import path

from gladbeck import views

app_name = "gladbeck"

urlpatterns = [
    path("leitbild/", views.mission_statement, name="leitbild"),
    path("barrierefreiheit/", views.accessibility_statement, name="barrierefreiheit"),
    path("impressum/", views.imprint, name="impressum"),
    path("gesundheit/", views.health, name="health"),
]
