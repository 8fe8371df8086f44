from django.urls import path

from . import export_views, views

app_name = "cases"

urlpatterns = [
    path("", views.index, name="index"),
    path("xuat-excel/", views.export, name="export"),
    path("xuat-phan-mem-bo-tu-phap/", export_views.national_export, name="national_export"),
    path("han-xu-ly/", views.deadlines, name="deadlines"),
    path("tiep-nhan/", views.intake, name="intake"),
    path("tim-nguoi/", views.person_lookup, name="person_lookup"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/giay-to/", views.paper_add, name="paper_add"),
    path("<int:pk>/giay-to/<int:paper_pk>/", views.paper_scan, name="paper_scan"),
    path("<int:pk>/ket-qua/<int:entry_pk>/", views.work_result, name="work_result"),
    path("<int:pk>/thao-tac/<str:name>/", views.action, name="action"),
    path("<int:pk>/khao-sat/", views.survey_staff, name="survey_staff"),
    path("<int:pk>/thanh-toan/", views.payment_add, name="payment_add"),
    path("<int:pk>/van-ban/<slug:kind>.pdf", views.pdf, name="pdf"),
    path("<int:pk>/quyet-dinh/<int:appointment_pk>.pdf", views.appointment_pdf, name="appointment_pdf"),
    path("so-thu-ly/<int:year>.pdf", views.register_pdf, name="register_pdf"),
    path("so-thu-ly/<int:year>.xlsx", views.register_xlsx, name="register_xlsx"),
    path("khao-sat/<str:token>/", views.survey_public, name="survey_public"),
    path("khieu-nai/", views.complaints, name="complaints"),
    path("khieu-nai/<int:pk>/giai-quyet/", views.complaint_resolve, name="complaint_resolve"),
    path("danh-gia/", views.evaluations, name="evaluations"),
    path("danh-gia/<int:pk>/", views.evaluation_round, name="evaluation_round"),
    path("thanh-toan/", views.payments, name="payments"),
    path("thanh-toan/xuat-excel/", views.payments_xlsx, name="payments_xlsx"),
]
