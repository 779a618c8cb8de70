"""Settings for the Lab'Impact portal, read from environment variables.

Development needs nothing set (``DJANGO_DEBUG=true`` is what ``make run`` uses);
production sets at least ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS`` and
``DATABASE_URL``. Every variable is documented in the README and ``.env.example``.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import html_tags
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(for development, run with DJANGO_DEBUG=true)."
        )
    # A development-only key: sessions signed with it are worthless elsewhere.
    SECRET_KEY = "django-insecure-development-only-key-not-for-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_prose_editor",
    "sorl.thumbnail",
    "reversion",
    "labimpact.apps.AxesConfig",  # django-axes, named in Italian in the admin
    "csp",
    "django_tasks",
    "django_tasks_db",
    "workshops",
    "networks",
    "labimpact.opendata",
    # After the apps: ties their content models to the content version (labimpact/apps.py).
    "labimpact",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before the page cache, so that cached pages carry the header too.
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Outside everything that may touch the database: a lost database answers 503.
    "labimpact.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The built files, as WhiteNoise serves the static ones (labimpact/middleware.py).
    "labimpact.middleware.BuiltFilesMiddleware",
    # Between WhiteNoise and the page cache: see its docstring (labimpact/middleware.py).
    "labimpact.middleware.CompressionMiddleware",
    # Before sessions and authentication: a cache hit skips them and the view.
    "labimpact.cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Italian at the plain URLs whatever the browser asks, English under /en/ (see urls.py).
    "labimpact.locale.PathLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into a 429 page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "labimpact.urls"
WSGI_APPLICATION = "labimpact.wsgi.application"
# The public address (https://host) that feeds, the sitemap, robots.txt, calendars and every
# absolute link give out. Set here it wins over the one editors keep in the admin.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction starts and wait for each other: two
    # editors saving at once on SQLite get the version check, not "database is locked".
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "labimpact.redis_cache.ReusingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "labimpact"),
            # An unreachable Redis must cost a fraction of a second, then nothing for
            # a few seconds: the site serves from the database meanwhile (redis_cache.py).
            "OPTIONS": {
                "socket_connect_timeout": 0.25,
                "socket_timeout": 0.5,
                "backoff_seconds": 5,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (exports, network measures, e-mails) goes through Django's tasks API.
# The database backend keeps the queue in the site's own database, so `make run` needs no
# other service; `manage.py db_worker` runs it (started by `make run`, see the README for
# production). TASKS_BACKEND=immediate runs each task inside the call that enqueues it.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}
# The big files are rebuilt this long after a change, so that a burst of edits makes one
# build; and at the latest this long after the last build while edits keep coming
# (labimpact/builtfiles.py).
BUILD_SETTLE_SECONDS = int(os.environ.get("BUILD_SETTLE_SECONDS", "10"))
BUILD_MAX_WAIT_SECONDS = int(os.environ.get("BUILD_MAX_WAIT_SECONDS", "120"))

# E-mail (registrations' confirmations and reminders): Django's SMTP backend, set from the
# environment; in development (DJANGO_DEBUG=true) the console shows the messages instead.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Lab'Impact <noreply@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Registrations: an unconfirmed request (and its link) lasts this long; the links to
# cancel or to erase one's data hold this many days.
REGISTRATION_CONFIRM_HOURS = int(os.environ.get("REGISTRATION_CONFIRM_HOURS", "48"))
REGISTRATION_LINK_DAYS = int(os.environ.get("REGISTRATION_LINK_DAYS", "400"))
# Registrations are deleted this many months after their session, by a task the worker
# runs every night (booked by migrate; manage.py erase_old_registrations runs it now).
REGISTRATION_RETENTION_MONTHS = int(os.environ.get("REGISTRATION_RETENTION_MONTHS", "12"))
# Requests to the registration form per client address and per e-mail address, per hour.
REGISTRATION_RATE_PER_IP = int(os.environ.get("REGISTRATION_RATE_PER_IP", "20"))
REGISTRATION_RATE_PER_EMAIL = int(os.environ.get("REGISTRATION_RATE_PER_EMAIL", "5"))

# Whole pages for anonymous visitors (labimpact/cache.py): dropped at once when content
# is saved, and after this many seconds anyway so that scheduled articles appear. 0 turns
# the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
# The API answers conditional requests itself, from the content version
# (labimpact/opendata/api/http.py).
PAGE_CACHE_EXEMPT_PATHS = ["/admin/", "/health/", "/api/v1/"]
# After a change, visitors asking for a page another request is already rendering wait
# this long at most for its result, then render it themselves.
PAGE_CACHE_WAIT_SECONDS = float(os.environ.get("PAGE_CACHE_WAIT_SECONDS", "2"))
# Bodies larger than this are served but never stored: a few such pages would fill Redis.
PAGE_CACHE_MAX_BYTES = int(os.environ.get("PAGE_CACHE_MAX_BYTES", str(10 * 1024 * 1024)))
# Saving, deleting or re-tagging any of these bumps the content version, which every
# cached page, fragment, graph and export lives under. Labels of apps that are not
# installed are skipped.
CONTENT_VERSION_MODELS = [
    "workshops.Article",
    "workshops.Session",
    "workshops.SessionSpeaker",
    "workshops.Speaker",
    "workshops.Topic",
    "workshops.Workshop",
    "networks.Actor",
    "networks.Link",
    "networks.Membership",
    "networks.Network",
    # Recomputed from attendance: who met whom shows on the map and in the exports.
    "networks.Encounter",
    "workshops.Page",
    "workshops.Section",
    "workshops.SiteSettings",
    # Shown only through the texts that link to its file.
    "workshops.BodyImage",
    # Its acronyms are marked in the article bodies cached under the version.
    "workshops.Term",
    # Opening or changing registration; a registration itself moves only its session's
    # small version (workshops/caching.py), not every page.
    "workshops.RegistrationSettings",
]

# The open-data catalogue (labimpact/opendata/catalog.py, DCAT-AP_IT): who publishes the data
# and holds the rights, identified by its code in the Indice dei domicili digitali della PA
# (IPA). The default is a placeholder that says so: a real deployment must set the real code.
OPEN_DATA_PUBLISHER_ID = os.environ.get("OPEN_DATA_PUBLISHER_ID", "codice-ipa-da-indicare")
OPEN_DATA_PUBLISHER_NAME = os.environ.get("OPEN_DATA_PUBLISHER_NAME", "ANCI Lombardia")
OPEN_DATA_CONTACT_EMAIL = os.environ.get("OPEN_DATA_CONTACT_EMAIL", "dati@example.org")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italiano")), ("en", _("Inglese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Front-end packages come from the npm registry through package-lock.json
    # (installed by `make`), never from a CDN: the site must work offline.
    ("vendor/bootstrap-italia", NODE_MODULES / "bootstrap-italia" / "dist"),
    ("vendor/cytoscape", NODE_MODULES / "cytoscape" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    # No collectstatic in development: serve from the finders.
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# A path of this site, or the absolute URL of an object storage ("https://bucket.example.org/
# media/"): the CSP then allows images from that origin, and body images must live under it.
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Uploads: refuse anything larger before Pillow ever reads it.
IMAGE_MAX_BYTES = int(os.environ.get("IMAGE_MAX_BYTES", str(8 * 1024 * 1024)))
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", str(40_000_000)))
# The PDF an editor may attach to a link as its source.
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Django 6's default, adopted now: a URL typed without a scheme is taken as https.
FORMS_URLFIELD_ASSUME_HTTPS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"
THUMBNAIL_PRESERVE_FORMAT = True

LOGIN_URL = "admin:login"

# Admin log-in throttling: after 5 failures for one user name from one address,
# that pair waits 15 minutes. Counts live in the database, shared by all app servers.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind N trusted proxies, django-ipware gives django-axes the client's address: the one
# the first proxy appended to X-Forwarded-For, N-th from the right (REMOTE_ADDR is the last
# proxy, so the header lists N - 1 proxies after the client). Entries a client forged in
# front of its own are skipped, not a reason to fall back on the proxy's address, which all
# clients share. Without proxies that header is the client's own word and is ignored.
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))
if PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    IPWARE_STRICT = False
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Security. Production (debug off) is HTTPS only; behind a proxy that terminates TLS,
# set DJANGO_SECURE_PROXY_SSL_HEADER=true so Django trusts X-Forwarded-Proto.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Powerful browser features the portal never uses, denied to its pages and anything
# injected into them (the map, the admin's editor and the forms need none of them).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# The body editor's image dialog gains a file field that uploads to the admin
# (static/js/prose-body-images.js; its texts and URL are in workshops/models/articles.py).
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("js/prose-body-images.js")],
        "extensions": {"BodyImageUpload": html_tags([])},
    },
]


# No inline script anywhere: every script is a static file, except the admin body editor's
# import map, allowed by a per-response nonce (only responses that use it carry one).
# Styles may be set by the theme's and the admin editor's JavaScript, hence
# 'unsafe-inline' for styles only.
def media_origin(media_url):
    """The origin of an absolute MEDIA_URL ("https://bucket.example.org"), else None."""
    parts = urlsplit(media_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        # The site, its media origin when that is an object storage, and the theme's
        # inline SVG icons (data: URLs in Bootstrap Italia's CSS): no other host.
        "img-src": ["'self'", "data:", *filter(None, [media_origin(MEDIA_URL)])],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # django-axes logs every log-in at INFO; failures and lockouts are warnings.
    "loggers": {"axes": {"level": "WARNING"}},
}
AXES_VERBOSE = False
