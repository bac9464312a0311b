"""One settings module, driven by environment variables.

Every variable is optional for a development machine. A malformed value stops the process at start
with a message naming the variable, rather than surfacing later as a strange behaviour.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("CHUYENDE_HOME", Path.cwd()))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
PRODUCTION = env_bool("CHUYENDE_PRODUCTION", False)

_DEV_SECRET = "chuyende-development-key-not-for-production-use-0123456789abcdef"
SECRET_KEY = os.environ.get("SECRET_KEY", "") or _DEV_SECRET
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

# Production refuses to start on settings that would be a hole, rather than warning in a log
# nobody reads: a guessable SECRET_KEY signs every session and password-reset link, and DEBUG
# with any host accepted shows tracebacks with settings to whoever asks.
MIN_SECRET_KEY_LENGTH = 50
if PRODUCTION:
    if SECRET_KEY == _DEV_SECRET:
        raise ImproperlyConfigured("SECRET_KEY must be set when CHUYENDE_PRODUCTION is true")
    if len(SECRET_KEY) < MIN_SECRET_KEY_LENGTH or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            f"SECRET_KEY is too short or too simple for production: use at least "
            f"{MIN_SECRET_KEY_LENGTH} random characters (python -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be false when CHUYENDE_PRODUCTION is true")
    if "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's hosts, not '*', in production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "chuyende.common",
    "chuyende.orgs",
    "chuyende.documents",
    "chuyende.meetings",
    "chuyende.papers",
    "chuyende.consultations",
    "chuyende.commitments",
    "chuyende.archive",
    "chuyende.web",
    "chuyende.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "chuyende.web.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "chuyende.web.middleware.HtmxLoginRedirectMiddleware",
    "chuyende.web.middleware.PrivateCacheMiddleware",
    "chuyende.web.middleware.NulCharacterMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "chuyende.web.middleware.OversizedNumberMiddleware",
]

ROOT_URLCONF = "chuyende.urls"
WSGI_APPLICATION = "chuyende.wsgi.application"

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
                "chuyende.web.context.navigation",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------------
# SQLite (WAL, immediate transactions) is the embedded default: nothing to install for one office.
# DATABASE_URL=postgres://... switches to PostgreSQL for a province or the nation.
_default_sqlite = PROJECT_DIR / "var" / "chuyende.sqlite3"
DATABASE_URL = os.environ.get("DATABASE_URL", "")
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=60) if DATABASE_URL else None
except Exception as exc:  # dj_database_url raises several types for a bad URL
    raise ImproperlyConfigured(f"DATABASE_URL is malformed: {exc}") from None
if _db is None:
    _default_sqlite.parent.mkdir(parents=True, exist_ok=True)
    _db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(_default_sqlite)}
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=20000; PRAGMA cache_size=-20000;"
        ),
    }
    _db["CONN_MAX_AGE"] = 600
elif _db["ENGINE"] not in {"django.db.backends.postgresql"}:
    raise ImproperlyConfigured("DATABASE_URL must name sqlite:// or postgres:// (got %s)" % _db["ENGINE"])
_db.setdefault("TEST", {})
DATABASES = {"default": _db}
# A read replica of the PostgreSQL primary for roll-ups and search (common/replica.py). In tests
# it mirrors default; the lag of streaming replication is the delay those reports may show.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    try:
        _replica = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    except Exception as exc:
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URL is malformed: {exc}") from None
    if _replica["ENGINE"] != _db["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must name the same kind of database as DATABASE_URL")
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica
DATABASE_ROUTERS = ["chuyende.common.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- background tasks -----------------------------------------------------------------------------
# With no worker running (tests, one-off use) tasks run inline; `chuyende db_worker` processes the
# database queue of one machine (CHUYENDE_TASKS=database); CHUYENDE_TASKS=rq puts the same tasks on
# Redis for any number of `chuyende rqworker` processes on any machines (see operator-guide.md).
_tasks_backend = os.environ.get("CHUYENDE_TASKS", "immediate")
if _tasks_backend not in {"immediate", "database", "rq"}:
    raise ImproperlyConfigured("CHUYENDE_TASKS must be 'immediate', 'database' or 'rq'")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
            "rq": "django_tasks_rq.RQBackend",
        }[_tasks_backend],
    }
}

# --- shared state for several app servers ---------------------------------------------------------
# CHUYENDE_REDIS_URL names the Redis that several app servers and workers share: the task queue
# (CHUYENDE_TASKS=rq), the cache (login throttling state lives there) and the session cache in
# front of the database sessions. Without it each process keeps its own memory cache: one server.
REDIS_URL = os.environ.get("CHUYENDE_REDIS_URL", "")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("CHUYENDE_REDIS_URL must start with redis://, rediss:// or unix://")
if _tasks_backend == "rq" and not REDIS_URL:
    raise ImproperlyConfigured("CHUYENDE_TASKS=rq needs CHUYENDE_REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
if _tasks_backend == "rq":
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db") + 1, "django_rq")
    # A job that outlives its timeout is stopped and marked failed; volumes and synthesis of a
    # national consultation take minutes, not hours.
    RQ_QUEUES = {
        "default": {
            "URL": REDIS_URL,
            "DEFAULT_TIMEOUT": env_int("CHUYENDE_TASK_TIMEOUT", 3600),
            "QUEUE_CLASS": "chuyende.common.rq.RetryingQueue",
        }
    }
    RQ = {"JOB_CLASS": "django_tasks_rq.Job", "WORKER_CLASS": "chuyende.common.rq.PreloadingWorker"}
    CHUYENDE_TASK_RETRIES = env_int("CHUYENDE_TASK_RETRIES", 2)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CHUYENDE_CACHE_PREFIX", "chuyende"),
        }
    }
    # Sessions stay in the database (durable, shared by every server); Redis only spares the read.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Every login (form, admin, API token) goes through the throttled backend (common/throttle.py).
AUTHENTICATION_BACKENDS = ["chuyende.common.throttle.ThrottledModelBackend"]
CHUYENDE_LOGIN_MAX_FAILURES_ACCOUNT = env_int("CHUYENDE_LOGIN_MAX_FAILURES_ACCOUNT", 5)
CHUYENDE_LOGIN_MAX_FAILURES_ADDRESS = env_int("CHUYENDE_LOGIN_MAX_FAILURES_ADDRESS", 20)
CHUYENDE_LOGIN_LOCK_MINUTES = env_int("CHUYENDE_LOGIN_LOCK_MINUTES", 15)
LOGIN_URL = "login"
CSRF_FAILURE_VIEW = "chuyende.web.views.errors.csrf_failure"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
# One-time codes for members' logins: a printed activation code lasts weeks (the sheet goes round
# the cell's next meeting), an e-mailed "forgot password" code a day.
CHUYENDE_ACTIVATION_CODE_DAYS = env_int("CHUYENDE_ACTIVATION_CODE_DAYS", 30)
CHUYENDE_RESET_CODE_HOURS = env_int("CHUYENDE_RESET_CODE_HOURS", 24)

# --- language -------------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

# --- static and uploaded files --------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = PROJECT_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it, even before collectstatic
# Serve app static files even when `collectstatic` was not run (tests, one-off use).
WHITENOISE_USE_FINDERS = True
# The shipped document fonts (SIL OFL) are also static files, so the in-browser view of a document
# loads them from /static/fonts/ (the PDF renderer reads them from the package directly).
STATICFILES_DIRS = [("fonts", BASE_DIR / "documents" / "fonts")]
# Uploaded files are never served from a public folder, in any setting: MEDIA_ROOT is private and
# each file is served by the view of the object it belongs to, after the same scope check as its
# page (common/downloads.py). MEDIA_URL stays empty and the storage has no URL.
MEDIA_URL = ""
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", PROJECT_DIR / "var" / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
CHUYENDE_MAX_UPLOAD_BYTES = env_int("CHUYENDE_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "chuyende.common.storage.PrivateFileSystemStorage"},
    "staticfiles": {
        # Not the manifest variant: a page must render even before `collectstatic` (tests, dev).
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
    },
}

# --- e-mail ---------------------------------------------------------------------------------------
# Console by default on a development machine (reminders appear in the server log); SMTP in
# production, configured by EMAIL_HOST and friends.
_email_backend = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if env_bool("CHUYENDE_PRODUCTION", False)
    else "django.core.mail.backends.console.EmailBackend"
)
_email_options: dict = {}
if _email_backend.endswith("smtp.EmailBackend"):
    _email_options = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
    }
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "chuyende@localhost")

# --- security (production values when CHUYENDE_PRODUCTION=true) ------------------------------------
if env_bool("CHUYENDE_PRODUCTION", False):
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Content-Security-Policy (Django's own, django.middleware.csp) -----------------------------------
# Scripts only from this site: no inline script or handler anywhere (htmx and the page scripts are
# static files, htmx's eval is off). Inline styles stay allowed: pages and the document view use
# style attributes, and a style cannot run code.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# --- audit tamper evidence (common/checkpoints.py) -------------------------------------------------
# The key signs checkpoints and seals every audit entry; it lives in the environment of the
# application servers only, never in the database. Checkpoints go to a directory outside the
# database (make it append-only) and, as e-mail through the outbox, to the named recipients.
CHUYENDE_AUDIT_KEY = os.environ.get("CHUYENDE_AUDIT_KEY", "")
CHUYENDE_AUDIT_PUBLIC_KEY = os.environ.get("CHUYENDE_AUDIT_PUBLIC_KEY", "")
CHUYENDE_AUDIT_CHECKPOINT_DIR = os.environ.get("CHUYENDE_AUDIT_CHECKPOINT_DIR", "")
CHUYENDE_AUDIT_CHECKPOINT_RECIPIENTS = env_list("CHUYENDE_AUDIT_CHECKPOINT_RECIPIENTS", [])
if CHUYENDE_AUDIT_KEY:  # a malformed key stops the process here, naming the variable
    import base64
    import binascii

    try:
        _seed = base64.urlsafe_b64decode(CHUYENDE_AUDIT_KEY + "=" * (-len(CHUYENDE_AUDIT_KEY) % 4))
    except (binascii.Error, ValueError):
        _seed = b""
    if len(_seed) != 32:
        raise ImproperlyConfigured(
            "CHUYENDE_AUDIT_KEY must be 32 bytes in base64url (make one with `chuyende audit_checkpoint --new-key`)"
        )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
