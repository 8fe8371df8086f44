from django.urls import path

from legalaid import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="index"),
    path("bao-cao.pdf", views.dashboard_pdf, name="pdf"),
]
