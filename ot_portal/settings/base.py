"""Settings shared by every environment. Environment-specific modules import from here.

Everything that differs per machine is read through `ot_portal.env`; there is no default
SECRET_KEY here on purpose (dev.py and test.py pre-fill one, production must set it).
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from ot_portal.env import env, env_bool, env_int, env_list

# Django's generic classes (ModelAdmin[Model], BaseInlineFormSet[...]) become subscriptable at run time, as the
# type annotations write them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "guardian",
    "auditlog",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_tasks_db",
    "pgtrigger",  # append-only tables refused UPDATE/DELETE by PostgreSQL (ot_portal/core/append_only.py)
    # Core first: organisation, access policy, audit, PDF. Then the domain apps, then composition.
    "ot_portal.core",
    "cases",
    "meetings",
    "clo",
    "ot_portal.web",
    "ot_portal.dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ot_portal.core.holdings.RequestHoldingsMiddleware",  # permissions read once per request
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Instead of LocaleMiddleware: Dutch unless the user chose otherwise, never the browser's language.
    "ot_portal.core.language.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ot_portal.core.input.ControlCharacterMiddleware",
    "ot_portal.core.middleware.AbsoluteSessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "ot_portal.core.middleware.RequireTwoFactorMiddleware",
    "ot_portal.core.middleware.NoStoreMiddleware",
    "ot_portal.core.middleware.AuditlogMiddleware",
    "ot_portal.core.mail.MailFailureMiddleware",
]

ROOT_URLCONF = "ot_portal.urls"
WSGI_APPLICATION = "ot_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ot_portal.core.context_processors.portal",
            ],
            # The two date styles as filters on every template (ot_portal/core/formats.py).
            "builtins": ["ot_portal.core.templatetags.portal_dates"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: personal accounts, e-mail as login, no self sign-up (the administrator creates
# accounts), rate-limited login failures, TOTP with recovery codes.
ACCOUNT_ADAPTER = "ot_portal.core.auth.AccountAdapter"
ACCOUNT_FORMS = {"login": "ot_portal.core.auth.SignInForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# Budgets per client address (`ot_portal.core.net.client_ip`: one school behind one NAT is one
# address) and per account. A school's whole staff signing in at 8:15, each with a typo first, must
# get through (tests/core/test_sign_in.py: 60 accounts in 5 minutes from one address); guessing one
# account's password stops after 5 failures in 15 minutes, spraying many accounts from one address
# after 100 failures in 5 minutes. "login" counts every sign-in POST (a flood guard only).
ACCOUNT_RATE_LIMITS = {
    "login": "300/5m/ip",
    "login_failed": "100/5m/ip,5/15m/key",
    "reset_password": "30/h/ip,3/h/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "OT Portal"
# Roles that see pupil data must use two-factor sign-in; dev/demo may relax this.
OT_REQUIRE_MFA = env_bool("OT_REQUIRE_MFA", True)

# Reverse proxies of our own in front of the app servers that append the address they received
# the request from to X-Forwarded-For (0: none, e.g. the development server; 1: the load balancer).
# The client address is the entry this many places from the right (ot_portal.core.net.client_ip);
# allauth's rate limits, the access log and the change log all use it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# Sessions: idle expiry through the cookie age (renewed on each request) plus an absolute
# lifetime enforced by AbsoluteSessionTimeoutMiddleware.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = False  # the idle time-out is renewed by AbsoluteSessionTimeoutMiddleware, once a minute
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
OT_SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 10 * 60 * 60)

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Two date styles only, in every language: "1 dec. 2026" in prose, "01-12-2026" in tables.
FORMAT_MODULE_PATH = ["ot_portal.core.locale_formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        # Attachments live outside STATIC/any public URL; they are only served by access-checked views.
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media"))},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# No URL serves private media: files are streamed only by access-checked views.
MEDIA_URL = "/_private-media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Content Security Policy (Django's built-in middleware): no inline script, nonces only.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# guardian: only per-object exceptions (direct foreign-key grant models); no anonymous user row.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# Change log: never keep special-category free text in clear (see ot_portal.core.audit).
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# E-mail (Django 6.1 MAILERS): SMTP from the environment.
MAILERS = {
    "default": {
        # Django's SMTP backend that logs failures; MailFailureMiddleware shows them in Dutch.
        "BACKEND": "ot_portal.core.mail.SMTPBackend",
        "OPTIONS": {
            "host": env("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env("EMAIL_HOST_USER", ""),
            "password": env("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": env_int("EMAIL_TIMEOUT", 10),
        },
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "OT Portal <no-reply@otportal.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Parent pages: the code's second channel. A dotted path to a class with send(*, to, text); empty (the
# default) means the school gives the code, shown once on the IB's invitation screen.
OT_SMS_BACKEND = env("OT_SMS_BACKEND", "")

# Background work: Django's tasks framework. Production runs `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Invitation links carry a token in their path: no log line may show it.
    "filters": {"invitation_tokens": {"()": "cases.participation.logfilter.RedactInvitationTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["invitation_tokens"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # The development server's request lines go through the same filtered handler.
    "loggers": {"django.server": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# OT_DEMO shows the "invented data" banner. OT_DEMO_DATA lets the demo app (ot_portal.demo, installed
# only by dev, test and bench) create its accounts and data; production never sets it.
OT_DEMO = False
OT_DEMO_DATA = False
OT_ABSOLUTE_SESSION = timedelta(seconds=OT_SESSION_ABSOLUTE_SECONDS)

# The partnership dashboard counts every case, action, meeting and request of the partnership; its
# figures are kept this long (the page says when they were read). 0 reads them on every view.
OT_PARTNERSHIP_FIGURES_SECONDS = env_int("OT_PARTNERSHIP_FIGURES_SECONDS", 5 * 60)
