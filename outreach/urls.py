from django.urls import path

from outreach import views

app_name = "outreach"

urlpatterns = [
    path("", views.index, name="index"),
    path("bao-phu/", views.coverage_page, name="coverage"),
    path("buoi/", views.session_list, name="session_list"),
    path("buoi/moi/", views.session_create, name="session_create"),
    path("buoi/<int:pk>/", views.session_detail, name="session_detail"),
    path("buoi/<int:pk>/sua/", views.session_edit, name="session_edit"),
    path("buoi/<int:pk>/anh/", views.session_photos_add, name="session_photos_add"),
    path("buoi/<int:pk>/to-gap/", views.session_handout_add, name="session_handout_add"),
    path("anh/<int:pk>/", views.photo, name="photo"),
    path("diem/", views.place_list, name="place_list"),
    path("diem/moi/", views.place_create, name="place_create"),
    path("diem/<int:pk>/", views.place_detail, name="place_detail"),
    path("bang/<int:pk>/", views.board_detail, name="board_detail"),
    path("bang/can-thay/", views.replacement_list, name="replacement_list"),
    path("to-gap/", views.leaflet_list, name="leaflet_list"),
    path("to-gap/ban/<int:pk>/", views.edition_detail, name="edition_detail"),
    path("tin-bai/", views.media_list, name="media_list"),
    path("chi-tieu/", views.targets, name="targets"),
]
