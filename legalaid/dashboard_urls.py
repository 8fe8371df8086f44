from django.urls import path

from legalaid import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="index"),
    path("bao-cao.pdf", views.dashboard_pdf, name="pdf"),
    path("bieu-thong-ke/", views.statistics, name="statistics"),
    path("bieu-thong-ke/<int:pk>/lap-bieu/", views.statistics_report, name="statistics_report"),
]
