"""Django settings, all from environment variables with safe defaults.

SQLite in the data folder by default; ``DATABASE_URL`` selects PostgreSQL for a multi-user
server. ``JEJARING_SECURE=1`` turns on the HTTPS-only settings that ``check --deploy`` wants.
Every variable is documented in docs/configuration.md; ``jejaring/core/tests/test_configuration.py``
fails when one is not.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from jejaring.config import data_dir, env_flag, env_list, secret_key

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

SECRET_KEY = secret_key(DATA_DIR)
DEBUG = env_flag("JEJARING_DEBUG", False)
# A save never waits for the engine: pages show the previous analysis while it is recomputed
# in a background thread (jejaring.analysis.services). The test suite turns it off.
JEJARING_ANALYSIS_IN_BACKGROUND = env_flag("JEJARING_ANALYSIS_IN_BACKGROUND", True)
ALLOWED_HOSTS = env_list("JEJARING_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("JEJARING_CSRF_TRUSTED_ORIGINS", [])

# Jejaring's apps come first: their translations and templates take precedence over Django's.
INSTALLED_APPS = [
    "jejaring.core",
    "jejaring.villages",
    "jejaring.actors",
    "jejaring.engagement",
    "jejaring.awareness",
    "jejaring.analysis",
    "jejaring.interchange",
    "jejaring.reports",
    "jejaring.change",
    "jejaring.api",
    "jejaring.audit",
    "jejaring.jobs",
    "jejaring.sync",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "auditlog",
    # Listed so the API docs page serves Swagger UI from ninja's own static files, not a CDN.
    "ninja",
    # Login throttling, per account and per address, in the database so it holds across processes.
    "axes",
]

MIDDLEWARE = [
    # First: drops X-Forwarded-* headers that did not come from a configured proxy.
    "jejaring.core.proxies.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jejaring.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who made a change: the logged-in user is written on each history entry.
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jejaring.core.middleware.NoStoreMiddleware",
    "jejaring.core.middleware.ConflictMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# The history of changes (jejaring/audit): django-auditlog writes into Jejaring's own entry
# model, which knows each entry's village. No IP addresses are kept.
AUDITLOG_LOGENTRY_MODEL = "audit.Change"
AUDITLOG_DISABLE_REMOTE_ADDR = True
# Before/after values kept as JSON values (None stays null), not as their text.
AUDITLOG_STORE_JSON_CHANGES = True

ROOT_URLCONF = "jejaring.urls"
WSGI_APPLICATION = "jejaring.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jejaring.core.context_processors.navigation",
                "csp.context_processors.nonce",
            ],
        },
    }
]
# Django's form templates, a select's options drawn in one loop (jejaring.core.forms_renderer).
FORM_RENDERER = "jejaring.core.forms_renderer.Renderer"

_DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'jejaring.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        _DATABASE_URL,
        # A server keeps its PostgreSQL connections: opening one per request costs the web
        # process a few milliseconds and the database a new backend process each time.
        conn_max_age=int(
            os.environ.get("JEJARING_DB_CONN_MAX_AGE")
            or ("0" if _DATABASE_URL.startswith("sqlite") else "60")
        ),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer imports; a busy timeout instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first (it counts failures and refuses locked-out logins), then the model backend
# that also refuses the demo login outside ``serve --demo`` on loopback.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "jejaring.core.auth_backends.JejaringBackend",
]
# Set in-process by ``jejaring serve --demo`` on a loopback address only; never from outside.
DEMO_LOGIN_ALLOWED = False

# Login throttling (django-axes): after this many failed logins for one account, or from one
# address, further attempts are refused until the cool-off has passed.
AXES_FAILURE_LIMIT = int(os.environ.get("JEJARING_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("JEJARING_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "jejaring.core.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "jejaring.core.proxies.client_ip"
AXES_VERBOSE = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:index"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("JEJARING_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
# One date form per language ("5 Des 2026"), see jejaring/formats.
FORMAT_MODULE_PATH = ["jejaring.formats"]
# Counts read as people write them: "1.250" in Indonesian, "1,250" in English. Numbers in
# attributes, SVG and JSON are written with {% localize off %} / |unlocalize (tests check).
USE_THOUSAND_SEPARATOR = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# WhiteNoise serves from the apps' static folders (no collectstatic step for users); it wants
# STATIC_ROOT to exist all the same.
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
# Imports are streamed to disk above this size instead of held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The first handler stops reading an upload once its files together pass the limit above
# (per request, not per file), so nothing larger is ever spooled to disk.
FILE_UPLOAD_HANDLERS = [
    "jejaring.interchange.uploads.RequestSizeLimit",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("JEJARING_MAX_UPLOAD_MB", "50")) * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

SECURE = env_flag("JEJARING_SECURE", False)
if SECURE:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_flag("JEJARING_SSL_REDIRECT", True)
    # Believed only from the proxies in JEJARING_TRUSTED_PROXIES (TrustedProxyMiddleware drops
    # the header from anyone else).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("JEJARING_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Addresses of the reverse proxies (nginx, Caddy) whose X-Forwarded-Proto / X-Forwarded-For
# headers are believed. Loopback by default: a proxy on the same machine.
TRUSTED_PROXIES = env_list("JEJARING_TRUSTED_PROXIES", ["127.0.0.1", "::1"])

# Content Security Policy (django-csp): scripts and style sheets only from this server, inline
# <script>/<style> only with the per-response nonce; style="" attributes (bar widths, stance
# colours) are allowed as they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# One process (a laptop): a memory cache. Several web processes (a district server): Redis, by
# JEJARING_CACHE_URL=redis://host:6379/1, so a cached value is the same for every process.
_CACHE_URL = os.environ.get("JEJARING_CACHE_URL", "").strip()
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL}
        if _CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "jejaring"}
    )
}

# Background jobs (jejaring/jobs): on Celery workers when a broker is set
# (JEJARING_BROKER_URL=redis://127.0.0.1:6379/0 or amqp://…), else in a thread pool in the web
# process. A job whose worker stops sending a heartbeat for JEJARING_JOB_TIMEOUT seconds is
# failed (or run again while attempts are left).
JEJARING_BROKER_URL = os.environ.get("JEJARING_BROKER_URL", "").strip()
JEJARING_JOB_TIMEOUT = int(os.environ.get("JEJARING_JOB_TIMEOUT", "600"))
JEJARING_JOB_ATTEMPTS = int(os.environ.get("JEJARING_JOB_ATTEMPTS", "2"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("JEJARING_LOG_LEVEL", "WARNING")},
}

# Tests and benchmarks swap in a fast hasher; production keeps Django's default (PBKDF2).
if env_flag("JEJARING_FAST_PASSWORDS", False):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
