from django.urls import path

from .views import (
    case,
    complaints,
    evaluation,
    intake,
    lists,
    national_export,
    papers,
    parties,
    payments,
    privacy,
    surveys,
)

app_name = "cases"

urlpatterns = [
    path("", lists.index, name="index"),
    path("xuat-excel/", lists.export, name="export"),
    path("xuat-phan-mem-bo-tu-phap/", national_export.national_export, name="national_export"),
    path("han-xu-ly/", lists.deadlines, name="deadlines"),
    path("tiep-nhan/", intake.intake, name="intake"),
    path("tim-nguoi/", intake.person_lookup, name="person_lookup"),
    path("<int:pk>/", case.detail, name="detail"),
    path("<int:pk>/giay-to/", intake.paper_add, name="paper_add"),
    path("<int:pk>/giay-to/<int:paper_pk>/", intake.paper_scan, name="paper_scan"),
    path("<int:pk>/ket-qua/<int:entry_pk>/", intake.work_result, name="work_result"),
    path("<int:pk>/thao-tac/<str:name>/", case.action, name="action"),
    path("<int:pk>/khao-sat/", surveys.survey_staff, name="survey_staff"),
    path("<int:pk>/thanh-toan/", payments.payment_add, name="payment_add"),
    path("<int:pk>/ben-lien-quan/", parties.party_add, name="party_add"),
    path("<int:pk>/ben-lien-quan/<int:party_pk>/xoa/", parties.party_remove, name="party_remove"),
    path("<int:pk>/van-ban/<slug:kind>.pdf", papers.pdf, name="pdf"),
    path("<int:pk>/quyet-dinh/<int:appointment_pk>.pdf", papers.appointment_pdf, name="appointment_pdf"),
    path("so-thu-ly/<int:year>.pdf", papers.register_pdf, name="register_pdf"),
    path("so-thu-ly/<int:year>.xlsx", papers.register_xlsx, name="register_xlsx"),
    path("khao-sat/<str:token>/", surveys.survey_public, name="survey_public"),
    path("khieu-nai/", complaints.complaints, name="complaints"),
    path("khieu-nai/<int:pk>/giai-quyet/", complaints.complaint_resolve, name="complaint_resolve"),
    path("danh-gia/", evaluation.evaluations, name="evaluations"),
    path("danh-gia/<int:pk>/", evaluation.evaluation_round, name="evaluation_round"),
    path("thanh-toan/", payments.payments, name="payments"),
    path("thanh-toan/xuat-excel/", payments.payments_xlsx, name="payments_xlsx"),
    path("nhat-ky-du-lieu-nhay-cam/", privacy.sensitive_views, name="sensitive_views"),
    path("nhat-ky-du-lieu-nhay-cam/xuat-excel/", privacy.sensitive_views_xlsx, name="sensitive_views_xlsx"),
    path("nguoi/<int:person_pk>/du-lieu-ca-nhan.pdf", privacy.subject_export, name="subject_export"),
]
