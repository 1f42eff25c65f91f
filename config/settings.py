"""Settings of Lộ trình, read from the environment (and an optional .env file).

Every variable is documented in .env.example. Development is one variable away
(DEBUG=1, which `make run` sets); production must say what it needs, or the app
refuses to start.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# ENV_FILE points elsewhere (or at /dev/null, as the settings tests do) when needed.
environ.Env.read_env(env.str("ENV_FILE", default=str(BASE_DIR / ".env")))

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-development-only-key")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    # Without DEBUG, a missing secret or host list is a deployment mistake: stop here.
    SECRET_KEY = env.str("SECRET_KEY", default="")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not SECRET_KEY:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for development).")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set ALLOWED_HOSTS (or DEBUG=1 for development).")

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "config.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "organizations",
    "notifications",
    "plans",
    "targets",
    "reports",
    "results",
    "documents",
    "api",  # before ninja: its docs template (api/templates/ninja/) carries the CSP nonce
    "ninja",
    "simple_history",
    "django_tasks_db",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # An oversized body is refused before anything reads it (CSRF's check and the views come
    # after every middleware's request part); placed after the user is known, for its page.
    "config.middleware.RequestSizeLimitMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account
# from one address, that pair is locked out for AXES_COOLOFF_MINUTES; after
# AXES_ADDRESS_FAILURE_LIMIT from one address whatever the accounts (one password tried on
# every account), that address is (config/login_throttle.py). An account is never locked by
# its name alone: nobody can lock a named person out from elsewhere.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "organizations.auth.PersonBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "config.login_throttle.LoginThrottle"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "config.login_throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "config.login_throttle.locked_out"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# SQLite in the project folder unless DATABASE_URL says otherwise (postgres://… in production).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A PostgreSQL connection costs ~10 ms to open (a server process is started for it): kept
# open between requests, each gunicorn worker reuses its own, checked before reuse. An
# SQLite file opens in well under a millisecond: closed after each request.
_SQLITE = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if _SQLITE else 300)
# (Not on SQLite: a check would reopen the tests' in-memory database, empty.)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = not _SQLITE
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time. A transaction that began by reading and then wants
    # to write cannot wait for another writer (each would wait for the other), so SQLite
    # fails it at once with "database is locked": a deadline-minute burst of submissions
    # lost most of them. IMMEDIATE takes the write lock when the transaction begins, so
    # writers queue for up to `timeout` seconds instead; in WAL mode pages are read while
    # someone writes. Options given in DATABASE_URL (?timeout=…) win.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Pages kept until what they show changes (reports.live): in each process's memory by
# default; CACHE_URL (e.g. a shared cache) may say otherwise. An entry is at most a page
# (100 KB for a city's progress page): 500 of them stay under 50 MB a worker.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://lotrinh")}
CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 500)

AUTH_USER_MODEL = "organizations.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese whatever language the phone or browser asks for (no LocaleMiddleware):
# the interface, dates (dd/mm/yyyy) and the district's own clock.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
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
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Tests render pages without running collectstatic first.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# Everything the pages load ships in static/; nothing inline runs without a nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
# In the database, as Django keeps them; read with SQL compiled once (config/sessions.py).
SESSION_ENGINE = "config.sessions"
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
# Production is HTTPS only: plain HTTP is redirected and browsers are told to remember it
# for a year. Both can be turned down through the environment (see .env.example).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# The preload flag only allows submitting the domain to browsers' HSTS list (a separate step).
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Outgoing e-mail (reminders): printed to the console in development, SMTP otherwise.
_email_backend = env.str(
    "EMAIL_BACKEND",
    default=(
        "notifications.mail.ConsoleBackend"  # readable, not base64
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend"
    ),
)
_smtp_options = {
    "host": env.str("EMAIL_HOST", default="localhost"),
    "port": env.int("EMAIL_PORT", default=25),
    "username": env.str("EMAIL_HOST_USER", default=""),
    "password": env.str("EMAIL_HOST_PASSWORD", default=""),
    "use_tls": env.bool("EMAIL_USE_TLS", default=False),
    # E-mails go right after the change they tell of: a mail server that does not answer
    # must not hold the page for long (the daily job tries again).
    "timeout": env.int("EMAIL_TIMEOUT", default=10),
}
MAILERS = {
    "default": {
        "BACKEND": _email_backend,
        "OPTIONS": _smtp_options if _email_backend.endswith(".smtp.EmailBackend") else {},
    }
}
# Reminders (sendreminders, run daily): this many days before a report's due moment,
# and again the day after it, to units that have not submitted.
REPORT_REMINDER_DAYS_BEFORE = env.int("REPORT_REMINDER_DAYS_BEFORE", default=3)
# Base address used in e-mailed links, e.g. https://lotrinh.example.vn
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="lotrinh@localhost")

# The most fields one request may post: the largest roadmap grid a plan allows (6 years
# of quarters and years, every metric, three levels) and an allocation grid over hundreds
# of wards stay well below it; a grid that would not is refused before anything is typed.
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=20_000)
# The largest request accepted, in MB (config/middleware.py answers a larger one with 413):
# by default a monthly report's page with its 20 attachments of at most 5 MB and its text,
# so that no save the report page allows is refused. nginx's client_max_body_size must be
# at least as large (README).
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_MB", default=105) * 1024 * 1024

# Background tasks (large exports) are kept in the database and run by
# `manage.py db_worker`: `make run` starts one; production runs it as a service (README).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A progress file counting more units than this (a city's hundreds of wards) is built by
# the worker while the page shows its progress; smaller ones are returned at once.
EXPORT_IN_REQUEST_MAX_UNITS = env.int("EXPORT_IN_REQUEST_MAX_UNITS", default=60)
# Built files are kept this many days for download, then deleted.
EXPORT_KEEP_DAYS = env.int("EXPORT_KEEP_DAYS", default=7)
# A file still waiting after this long makes its page say the worker may not be running.
EXPORT_STALLED_AFTER_SECONDS = 120
# A file being built that has not moved for this long is given up (its worker died: killed,
# machine restarted); its page says so and offers to build it again.
EXPORT_STUCK_AFTER_MINUTES = env.int("EXPORT_STUCK_AFTER_MINUTES", default=15)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # django-axes logs every login, WeasyPrint every layout step, at INFO.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}
