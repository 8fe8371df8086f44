from django.urls import path

from staffing import export_views, views

app_name = "staffing"

urlpatterns = [
    path("", views.index, name="index"),
    path("danh-sach/", views.person_list, name="person_list"),
    path("danh-sach/xuat-excel/", views.person_export, name="person_export"),
    path("xuat-phan-mem-bo-tu-phap/", export_views.national_export, name="national_export"),
    path("mau-nhap.xlsx", views.import_template, name="import_template"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/trang-thai/", views.person_change_status, name="person_change_status"),
    path("<int:pk>/cong-bo/", views.person_publish, name="person_publish"),
    path("<int:pk>/rut-cong-bo/", views.person_unpublish, name="person_unpublish"),
    path("danh-sach/cong-bo/", views.people_publish, name="people_publish"),
    path("nhap/", views.imports, name="imports"),
    path("nhap/<int:stamp>/", views.import_detail, name="import_detail"),
    path("nhap/<int:stamp>/cong-bo/", views.import_publish, name="import_publish"),
    path("tap-huan/", views.trainings, name="trainings"),
    path("cong-khai/", views.roster, name="roster"),
    path("cong-khai/danh-sach.pdf", views.roster_pdf, name="roster_pdf"),
]
