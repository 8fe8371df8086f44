from django.urls import path

from legalaid import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="index"),
    path("bao-cao.pdf", views.dashboard_pdf, name="pdf"),
    path("so-lieu.xlsx", views.dashboard_xlsx, name="xlsx"),
    path("bieu-thong-ke/", views.statistics, name="statistics"),
    path("bao-cao-dinh-ky/", views.reports, name="reports"),
    path("bao-cao-dinh-ky/<int:pk>/", views.report_detail, name="report"),
    path("bao-cao-dinh-ky/<int:pk>/ban-hanh/", views.report_issue, name="report_issue"),
    path("bao-cao-dinh-ky/<int:pk>/bao-cao.pdf", views.report_pdf, name="report_pdf"),
    path("bieu-thong-ke/<int:pk>/lap-bieu/", views.statistics_report, name="statistics_report"),
]
