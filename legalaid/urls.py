from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from legalaid import notification_views, views
from legalaid.accounts import views as account_views
from legalaid.forms import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/", account_views.account, name="account"),
    path("tai-khoan/doi-mat-khau/", account_views.password_change, name="password_change"),
    path("quen-mat-khau/", account_views.password_reset, name="password_reset"),
    path("quen-mat-khau/da-gui/", account_views.password_reset_done, name="password_reset_done"),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        account_views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("dat-lai-mat-khau/xong/", account_views.password_reset_complete, name="password_reset_complete"),
    path("dang-nhap/ma-xac-thuc/", account_views.login_code, name="login_code"),
    path("tai-khoan/xac-thuc-hai-buoc/", account_views.second_factor_enrol, name="second_factor_enrol"),
    path(
        "tai-khoan/xac-thuc-hai-buoc/go-bo/",
        account_views.second_factor_remove_view,
        name="second_factor_remove",
    ),
    # The language switch is on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("to-chuc/", views.units, name="units"),
    path("to-chuc/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("to-chuc/<int:pk>/nguoi-dung.pdf", views.unit_users_pdf, name="unit_users_pdf"),
    path("to-chuc/<int:pk>/xuat-excel/", views.unit_users_export, name="unit_users_export"),
    path("thong-bao/", notification_views.notifications, name="notifications"),
    path("thong-bao/<int:pk>/", notification_views.notification_open, name="notification_open"),
    path(
        "thong-bao/da-doc-tat-ca/",
        notification_views.notifications_mark_all_read,
        name="notifications_read_all",
    ),
    path("cong-viec-nen/<int:pk>/", views.job_detail, name="job_detail"),
    path("cong-viec-nen/<int:pk>/trang-thai/", views.job_status, name="job_status"),
    path("cong-viec-nen/<int:pk>/tai-ve/", views.job_download, name="job_download"),
    path("lich/ngay-nghi/", views.calendar_days, name="calendar_days"),
    path("bang-dieu-hanh/", include("legalaid.dashboard_urls")),
    path("vu-viec/", include("cases.urls")),
    path("nhan-su/", include("staffing.urls")),
    path("truyen-thong/", include("outreach.urls")),
    path("ke-hoach/", include("planning.urls")),
    path("quan-tri/", admin.site.urls),
]

if settings.DEBUG:
    from django.views import defaults

    urlpatterns += [
        path("__errors__/403/", defaults.permission_denied, {"exception": Exception()}),
        path("__errors__/404/", defaults.page_not_found, {"exception": Exception()}),
        path("__errors__/500/", defaults.server_error),
    ]
