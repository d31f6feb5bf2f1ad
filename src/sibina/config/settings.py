"""Settings, read from the environment once at start-up.

Embedded default: SQLite under ``var/``, background jobs inline, e-mail to the console.
Production: ``DATABASE_URL`` (PostgreSQL), ``CELERY_BROKER_URL`` (Redis), ``SIBINA_SECRET_KEY``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.utils.translation import gettext_lazy as _

from sibina.secret_key import DEV_SECRET_KEY, KEY_FILE, read_key

django_stubs_ext.monkeypatch()  # lets admin classes be typed ModelAdmin[Model] at run time

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(os.environ.get("SIBINA_HOME", Path.cwd())).resolve()
VAR_DIR = Path(os.environ.get("SIBINA_VAR", BASE_DIR / "var")).resolve()
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)  # SQLite and WhiteNoise need the folders to exist

# Debug pages show settings, SQL and every URL: only when a developer asks for them.
DEBUG = os.environ.get("SIBINA_DEBUG", "0") == "1"
# The environment's key, else the one `sibina secret_key` keeps (make run), else a public development key that
# `sibina check --deploy` refuses (sibina.deploy_checks).
SECRET_KEY = os.environ.get("SIBINA_SECRET_KEY") or read_key(VAR_DIR / KEY_FILE) or DEV_SECRET_KEY
ALLOWED_HOSTS = os.environ.get("SIBINA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",  # before sibina.audit: its login-failed handler marks a lockout before the audit event is written
    "sibina.audit",
    "sibina.reference",
    "sibina.people",
    "sibina.imports",
    "sibina.competency",
    "sibina.needs",
    "sibina.notifications",
    "sibina.catalogue",
    "sibina.planning",
    "sibina.approvals",
    "sibina.coaching",
    "sibina.delivery",
    "sibina.evaluation",
    "sibina.reports",
    "sibina.demo",
    "sibina.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sibina.audit.context.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
    "sibina.web.middleware.DatabaseBusyMiddleware",  # a busy database is a 503 with a message, not a 500
]

ROOT_URLCONF = "sibina.config.urls"
WSGI_APPLICATION = "sibina.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
            # The house forms of dates, quarters, money, JP, durations and percentages, on every page.
            "builtins": ["sibina.web.templatetags.sibina_format"],
        },
    },
]

_default_db = f"sqlite:///{VAR_DIR / 'sibina.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while an import writes. A transaction takes the write lock when it begins
    # (IMMEDIATE): one that read first and then found another writer could only fail ("database is locked").
    # A writer waits up to `timeout` seconds for the lock; after that sibina.web.middleware answers 503.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 10,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# WhiteNoise serves the app's own CSS/JS (offline intranets have no CDN); finders avoid a collectstatic step.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

# --- authentication and transport security (docs/decisions/0011-authentication.md) ---
# Axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
# By user name and address together: a colleague mistyping from the same office PC does not lock everyone
# out, and guessing one account from many addresses is slowed per address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "sibina.web.auth_views.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # successful logins and logouts are in the audit trail already
# The same address the audit trail records: REMOTE_ADDR only (see sibina.audit.context).
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # shared office PCs: closing the browser signs out
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# An offline intranet may serve plain HTTP, where Secure cookies would make logging in impossible; a
# deployment behind HTTPS says so with SIBINA_HTTPS=1 and gets Secure cookies, HSTS and the HTTP redirect.
HTTPS = not DEBUG and os.environ.get("SIBINA_HTTPS", "0") == "1"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60 if HTTPS else 0
if HTTPS and os.environ.get("SIBINA_PROXY_SSL_HEADER", "0") == "1":
    # TLS ends at a reverse proxy that sets X-Forwarded-Proto (and strips it from clients).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("SIBINA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# The address people open SiBina at: the links in e-mails lead there (a job has no request to take it from).
SIBINA_SITE_URL = os.environ.get("SIBINA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# A demo or training room only: the day the whole app takes as today (sibina.demo.clock); empty = the real date.
SIBINA_DEMO_TODAY = os.environ.get("SIBINA_DEMO_TODAY", "")

# Background jobs: Celery with a Redis broker in production; inline (eager) when no broker is set.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# Where background jobs run (sibina.jobs.runner): "celery", "thread" (embedded: a thread of the web process),
# "inline" (at commit, in the caller's thread) or "queued" (left for a test to run).
SIBINA_JOBS = os.environ.get("SIBINA_JOBS") or ("celery" if CELERY_BROKER_URL else "thread")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SIBINA_LOG_LEVEL", "WARNING")},
}
