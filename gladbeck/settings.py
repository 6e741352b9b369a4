"""Settings for the Gladbeck integration portal.

Everything that differs between a laptop and production comes from environment variables:
DEBUG, SECRET_KEY (required when DEBUG is off), ALLOWED_HOSTS and DATABASE_URL (absent: an
SQLite file next to this project; ``postgres://user:pass@host:port/name``: PostgreSQL), REDIS_URL
(the page cache shared by several machines). deploy/gladbeck.env.example explains them all.
"""

import hashlib
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url):
    """Turn DATABASE_URL into a DATABASES entry; an empty value means SQLite."""
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
    parts = urlsplit(url)
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    if parts.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(parts.path) or ":memory:"}
    raise ImproperlyConfigured(f"DATABASE_URL: unsupported scheme {parts.scheme!r}")


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "import_export",
    "simple_history",
    # Before the content apps: its ready() adds the virtual translated fields, which
    # gladbeck's ready() then keeps out of model forms (gladbeck/translation_status.py).
    "modeltrans",
    "gladbeck",
    "measures",
    "offers",
    "monitoring",
    "opendata",
    "portal",
    "concept",
    "axes",
]
# Demo data and benchmark commands: for development and `make bench`, not in production.
if env_bool("BENCH_TOOLS", DEBUG):
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "gladbeck.middleware.RejectNullCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gladbeck.middleware.PublicPageCacheMiddleware",
    "gladbeck.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gladbeck.middleware.AddressLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # throttles failed logins first
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "gladbeck.urls"
WSGI_APPLICATION = "gladbeck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "portal.context_processors.navigation",
                "gladbeck.languages.language_links",
                "measures.context_processors.status_report_link",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", ""))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
# German is the source; the public pages are also offered in these languages, each named in
# itself (the language switch shows these names). The admin stays German. Leichte Sprache has
# no language code of its own; Django takes the address prefix from the code.
LANGUAGES = [
    ("de", "Deutsch"),
    ("leichte-sprache", "Leichte Sprache"),
    ("en", "English"),
    ("tr", "Türkçe"),
    ("ar", "العربية"),
    ("pl", "Polski"),
    ("bg", "Български"),
    ("ro", "Română"),
    ("uk", "Українська"),
    ("fa", "فارسی (دری)"),
]
LANGUAGES_BIDI = ["ar", "fa"]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers in Leichte Sprache are written as in German (gladbeck/formats/).
FORMAT_MODULE_PATH = ["gladbeck.formats"]
MODELTRANS_AVAILABLE_LANGUAGES = [code for code, _name in LANGUAGES]
MODELTRANS_FALLBACK = {"default": ("de",)}
MODELTRANS_ADD_FIELD_HELP_TEXT = False
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGIN_URL = "admin:login"


# Pages of records that live in the apps above the record's own (gladbeck/DOMAIN "Shape"):
# the portal shows districts, organisations and measures with what the other apps hold.
def portal_page(name):
    return lambda obj: reverse(f"portal:{name}", args=[obj.slug])


ABSOLUTE_URL_OVERRIDES = {
    "gladbeck.district": portal_page("district"),
    "gladbeck.organisation": portal_page("organisation"),
    "measures.actionfield": portal_page("action_field"),
    "measures.measure": portal_page("measure"),
}
LOGIN_REDIRECT_URL = "admin:index"  # also after a login whose "next" is refused

# Caches: pages for anonymous visitors and their content version (gladbeck/cache.py). All
# server processes must share the cache: on one machine files on the local disk, on several
# machines one Redis (REDIS_URL); while developing a memory of each process. Login throttling
# needs no cache: django-axes keeps failed logins in the database (AXES_HANDLER below).
CACHE_DIR = os.environ.get("CACHE_DIR", str(BASE_DIR / ".cache" / "django"))
REDIS_URL = os.environ.get("REDIS_URL", "")
PUBLIC_PAGE_CACHE = env_bool("PUBLIC_PAGE_CACHE", not DEBUG)  # off while developing
# One cache may serve several databases (tests, demo): their keys are kept apart.
CACHE_KEY_PREFIX = hashlib.sha256(str(DATABASES["default"]["NAME"]).encode()).hexdigest()[:12]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # A Redis that stalls costs a request one second at most (the page is then
            # rendered uncached); Redis itself drops the least recently used pages when full
            # (maxmemory-policy allkeys-lru, see deploy/).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
elif DEBUG:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    CACHES = {
        "default": {
            # Every write lists the directory, so the number of files is kept small: at
            # MAX_ENTRIES the oldest third is removed (pages of earlier content versions first).
            "BACKEND": "gladbeck.file_cache.OldestFirstFileBasedCache",
            "LOCATION": CACHE_DIR,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 3000, "CULL_FREQUENCY": 3},
        }
    }

# Security. Behind an HTTPS proxy in production; DEBUG runs on plain HTTP.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
if os.environ.get("SECURE_SSL_REDIRECT") is not None and not SECURE_SSL_REDIRECT:
    # Switched off on purpose (no HTTPS proxy in front, e.g. a local `make serve`): the
    # deployment check would only repeat that choice, and `make serve` fails on warnings.
    SILENCED_SYSTEM_CHECKS = ["security.W008"]
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The portal's public address, for links in documents made without a request (the PDF of an
# edition frozen by `load_concept`).
PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:8000/")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Failed logins: locked for an hour after 5 failures of one user name from one address.
# Counted in the database, so a lockout holds on every instance and machine (axes' cache
# handler would count per process with the development cache).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes_locked.html"
# Trusted reverse proxies in front. `make serve` binds 127.0.0.1 for one proxy, so production
# counts one by default: with 0 every visitor would have the proxy's address, and five wrong
# passwords from anyone would lock a user out everywhere (check gladbeck.W001 warns).
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", 0 if DEBUG else 1))
AXES_CLIENT_IP_CALLABLE = "gladbeck.security.client_ip"

# Staff imports (gladbeck/staff_import/): the whole file in one transaction, a bad row saves
# nothing. Files are refused before their rows are read when they are larger than this (a
# city's 50,000 offers are about 41 MB of CSV; the reverse proxy must let such a body through)
# or hold more rows; files above the inline size are checked and imported by a process of their
# own (manage.py run_import) while the page shows the progress.
IMPORT_MAX_BYTES = 50_000_000
IMPORT_MAX_ROWS = 100_000
IMPORT_INLINE_MAX_BYTES = 200_000
IMPORT_PARALLEL_RUNS = 2
# Exports are written through gladbeck/spreadsheets.py, so that no cell starts a formula
# (CSV, XLSX, JSON; the import keeps the formats of StaffImportExportMixin). Not
# IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT: it only drops a leading "=" and makes every cell text.
from gladbeck import spreadsheets  # noqa: E402

EXPORT_FORMATS = spreadsheets.STAFF_EXPORT_FORMATS

# E-mail: the review of providers' submissions notifies the Redaktion and the providers
# (gladbeck/review.py). Printed to the console while developing; SMTP from the environment in
# production. No address is made up: logins without one get no mail.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / ".cache" / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The history keeps who changed what; diffs are shown in the admin's history view.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Errors go to stderr with their traceback (gunicorn passes it on to the service's journal);
# in production nothing else would record a server error.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        # 4xx answers are warnings; in production only server errors are worth a line.
        "django.request": {"level": "WARNING" if DEBUG else "ERROR"},
    },
}
