"""The one settings module. Everything deployment-specific comes from environment variables."""

from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.utils.translation import gettext_lazy as _

from xiangzhen.environment import env_bool, env_int, env_list, env_str

# Lets admin and queryset classes be subscripted with their model type at run time.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = Path(env_str("XIANGZHEN_DATA_DIR", str(PROJECT_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# The development key is refused by `xiangzhen check --deploy` (see web/checks.py).
DEVELOPMENT_SECRET_KEY = "development-only-key-never-use-in-production-xiangzhen"
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "huey.contrib.djhuey",
    "xiangzhen.audit",
    "xiangzhen.org",
    "xiangzhen.accounts",
    "xiangzhen.workdays",
    "xiangzhen.attachments",
    "xiangzhen.services",
    "xiangzhen.duties",
    "xiangzhen.supervision",
    "xiangzhen.disputes",
    "xiangzhen.assessment",
    "xiangzhen.frontline",
    "xiangzhen.feedback",
    "xiangzhen.assistance",
    "xiangzhen.training",
    "xiangzhen.projects",
    "xiangzhen.party",
    "xiangzhen.collective",
    "xiangzhen.hotline",
    "xiangzhen.clock",
    "xiangzhen.api",
    "xiangzhen.web",
    "xiangzhen.demo",
    "xiangzhen.operations",
    "xiangzhen.search",
    "xiangzhen.returns",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "xiangzhen.accounts.middleware.SessionRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "xiangzhen.audit.middleware.RequestContextMiddleware",
    "xiangzhen.org.middleware.JurisdictionMiddleware",
]

ROOT_URLCONF = "xiangzhen.urls"
WSGI_APPLICATION = "xiangzhen.wsgi.application"

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
                "xiangzhen.web.context_processors.workbench",
            ],
        },
    },
]

DATA_DIR.mkdir(parents=True, exist_ok=True)
(DATA_DIR / "static").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'xiangzhen.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server and the background consumer read while the other writes.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Idle timeout: activity renews the session (accounts.middleware, at most once a minute) and it expires
# after this many idle minutes.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# HTTPS in production, each from the environment so a development server keeps plain HTTP. Behind a TLS
# proxy, SECURE_PROXY_SSL_HEADER=1 trusts its `X-Forwarded-Proto: https` (the proxy must overwrite the header).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz answers the load balancer over plain HTTP inside the host.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# How many reverse proxies in front of the app append to X-Forwarded-For; 0 means the app faces clients
# directly and the header is ignored (a client could write anything in it).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

LOGIN_LOCKOUT_ATTEMPTS = env_int("LOGIN_LOCKOUT_ATTEMPTS", 5)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
# Per client address: higher than per user, since a township office signs in from one NAT address.
LOGIN_LOCKOUT_IP_ATTEMPTS = env_int("LOGIN_LOCKOUT_IP_ATTEMPTS", 30)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
NODE_MODULES = PROJECT_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]
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
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
# Each user's jurisdiction, kept across requests until a post, assignment, cadre, unit or user changes
# (xiangzhen.org.selectors): in files, so every worker process of the host shares one copy and one version
# key. Several hosts need a shared backend here (Redis, Memcached).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "jurisdiction": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("JURISDICTION_CACHE_DIR", str(DATA_DIR / "cache" / "jurisdiction")),
        "TIMEOUT": 3600,
    },
}
# Uploaded attachments above this size are refused (the web server in front should allow a little more).
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)

# Nightly backups (operations.tasks, 02:30 Beijing time): archives kept for the last N days and M months.
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(DATA_DIR / "backups")))
BACKUP_KEEP_DAILY = env_int("BACKUP_KEEP_DAILY", 7)
BACKUP_KEEP_MONTHLY = env_int("BACKUP_KEEP_MONTHLY", 12)

_huey_redis_url = env_str("HUEY_REDIS_URL", "")
HUEY = {
    "name": "xiangzhen",
    "immediate": env_bool("HUEY_IMMEDIATE", False),
    "consumer": {"workers": env_int("HUEY_WORKERS", 2), "worker_type": "thread"},
}
if _huey_redis_url:
    HUEY |= {"huey_class": "huey.RedisHuey", "url": _huey_redis_url}
else:
    HUEY |= {"huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "huey.sqlite3")}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# 跟踪督办: a request turns yellow when its remaining working days fall to the larger of these two.
SERVICE_YELLOW_SHARE = float(env_str("SERVICE_YELLOW_SHARE", "0.2"))
SERVICE_YELLOW_MIN_WORKDAYS = env_int("SERVICE_YELLOW_MIN_WORKDAYS", 1)
# 差评整改 must be replied to within this many working days.
RECTIFICATION_WORKDAYS = env_int("RECTIFICATION_WORKDAYS", 5)
SERVICE_ALERT_WEBHOOK_URL = env_str("SERVICE_ALERT_WEBHOOK_URL", "")
