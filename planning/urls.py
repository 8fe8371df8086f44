from django.urls import path

from planning import views

app_name = "planning"

urlpatterns = [
    path("", views.index, name="index"),
    path("nhap/", views.plan_import, name="import"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/ke-hoach.pdf", views.plan_pdf, name="plan_pdf"),
    path("<int:pk>/bao-cao.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/sao-chep/", views.plan_copy, name="copy"),
    path("<int:pk>/trang-thai/", views.plan_status, name="plan_status"),
    path("<int:pk>/phien-ban-moi/", views.plan_revise, name="plan_revise"),
    path("hoat-dong/", views.activity_list, name="activity_list"),
    path("hoat-dong/<int:pk>/", views.activity_detail, name="activity"),
    path("hoat-dong/<int:pk>/trang-thai/", views.activity_status, name="activity_status"),
    path("hoat-dong/<int:pk>/tien-do/", views.activity_note, name="activity_note"),
    path("hoat-dong/<int:pk>/chi-tieu/", views.target_add, name="target_add"),
    path("hoat-dong/<int:pk>/chi-tieu/<int:target_pk>/", views.target_bind, name="target_bind"),
]
