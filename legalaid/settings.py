"""One settings module, configured from the environment (see the table in README.md)."""

from __future__ import annotations

import sys
import warnings
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

# Runtime data (the embedded database, uploaded files); git-ignored.
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)
# The test runner is the one place the development key is fine with DEBUG off (pytest-django
# turns DEBUG off itself, as production runs).
TESTING = "pytest" in sys.modules
# Development and tests serve static files from the source tree and use plain HTTP.
LOCAL = DEBUG or TESTING
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY and not TESTING:
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is the development key: set SECRET_KEY in the environment."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "legalaid.apps.LegalAidConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "staffing.apps.StaffingConfig",
    "outreach.apps.OutreachConfig",
    "cases.apps.CasesConfig",
    "planning.apps.PlanningConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "legalaid.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "legalaid.middleware.PrivateResponseMiddleware",
    # Every URL's declared access policy (legalaid/policy.py), before the view runs.
    "legalaid.policy.PolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: an ended session is sent to the login page with a message.
    "legalaid.accounts.middleware.IdleTimeoutMiddleware",
    # A signed-in user with a code generator gives its code before anything else.
    "legalaid.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the login page with the message.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "legalaid.urls"
WSGI_APPLICATION = "legalaid.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "legalaid.context_processors.navigation",
                "legalaid.context_processors.notifications",
            ],
        },
    },
]

# Database: DATABASE_URL names a PostgreSQL server; without it an embedded one is started.
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from legalaid.database import embedded_database_url

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        DATABASES = {"default": env.db_url_config(embedded_database_url(VAR_DIR))}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"].setdefault("TEST", {})
if env.str("TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"]["NAME"] = env.str("TEST_DATABASE_NAME")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "legalaid.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:  # a slow hash per named person would dominate the suite's time
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Authentication hardening (README's settings table). Lockout by django-axes: failures are counted
# per account and per address separately, each locks on its own; a success clears them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_MINUTES = env.int("AXES_COOLOFF_MINUTES", default=15)
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout do not restart it: "try again in N minutes" stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "legalaid.accounts.lockout.lockout_response"
# The client's address is REMOTE_ADDR; behind a reverse proxy, list the proxy's addresses (or
# networks) in TRUSTED_PROXY and X-Forwarded-For is read past them (legalaid/accounts/lockout.py).
TRUSTED_PROXY = env.list("TRUSTED_PROXY", default=[])
AXES_CLIENT_IP_CALLABLE = "legalaid.accounts.lockout.client_ip"
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

# Mail: EMAIL_URL (smtp://, smtp+tls://user:password@mail.example.vn:587, smtp+ssl://, console://;
# legalaid/mail.py) turns on password reset by e-mail (without it an administrator hands over a
# one-time link made in the user admin) and the e-mail copy of notifications, sent by the worker.
# Development (DEBUG, not the tests) prints the notifications' e-mails on the console.
EMAIL_URL = env.str("EMAIL_URL", default="console://" if DEBUG and not TESTING else "")
if EMAIL_URL:
    from legalaid.mail import email_settings

    globals().update(email_settings(EMAIL_URL))
    DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="webmaster@localhost")
PASSWORD_RESET_BY_EMAIL = bool(env.str("EMAIL_URL", default=""))
NOTIFICATION_EMAILS = bool(EMAIL_URL)
# The site's address, for the links in e-mails (e.g. https://tgpl.langson.gov.vn).
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 24 * 3600)
# A signed-in session ends after this long without a request; SESSION_COOKIE_AGE stays the cap.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
# Second factor (django-otp, TOTP): directors, administrators and officials may enrol; the roles
# named here (e.g. director,administrator) must, and are sent to enrol after login until done.
OTP_REQUIRED_ROLES = env.list("OTP_REQUIRED_ROLES", default=[])
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="TGPL")
# A code generator's key and QR code are never shown again, not even to administrators.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if LOCAL
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded scans and generated reports hold personal data: they live outside the web root and
# are served only through views that check who may see them.
MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
# No URL serves this prefix: FileField.url values point nowhere; downloads go through views.
MEDIA_URL = "/private-files-are-served-by-views-only/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploads are checked by legalaid.uploads before anything reads them (zip bombs, renamed files).
UPLOAD_MAX_MB = env.int("UPLOAD_MAX_MB", default=10)
UPLOAD_MAX_UNCOMPRESSED_MB = env.int("UPLOAD_MAX_UNCOMPRESSED_MB", default=50)
UPLOAD_MAX_ZIP_ENTRIES = env.int("UPLOAD_MAX_ZIP_ENTRIES", default=2000)

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

WHITENOISE_USE_FINDERS = LOCAL
WHITENOISE_AUTOREFRESH = LOCAL

# Production hardening: on unless local, each can be overridden for a proxy that terminates TLS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not LOCAL)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not LOCAL)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not LOCAL)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if LOCAL else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not LOCAL
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not LOCAL)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts only from the site's own static files, never
# inline and never eval; data reaches them through data-* attributes and json_script blocks
# (type application/json, not executed). Styles keep 'unsafe-inline': pages carry <style>
# blocks and style attributes (indentation by tree depth); a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "pgserver": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Closed cases are kept this many years, then anonymised by `manage.py anonymise_closed_cases`
# (Decree 13/2023: personal data kept no longer than needed; the statistics stay).
CASE_RETENTION_YEARS = env.int("CASE_RETENTION_YEARS", default=10)

# The statistical year starts on this day (MM-DD): provinces cut it at 01/11 or 01/09, not
# always at 1 January.
_stat_start = env.str("STATISTICAL_YEAR_START", default="01-01")
STATISTICAL_YEAR_START = (int(_stat_start.split("-")[0]), int(_stat_start.split("-")[1]))

# The province this deployment serves by default (vietnam-provinces code; Lạng Sơn is 20).
DEFAULT_PROVINCE_CODE = env.int("DEFAULT_PROVINCE_CODE", default=20)
