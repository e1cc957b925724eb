"""Production: PostgreSQL, HTTPS only, two-factor required, SMTP mail, DB task worker."""

from .base import *  # noqa: F403
from .base import env, env_bool, env_int

DEBUG = False
OT_REQUIRE_MFA = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The documented set-up: one load balancer that terminates TLS and sets X-Forwarded-Proto and
# X-Forwarded-For. Set TRUSTED_PROXY_COUNT to the real number of proxies (0 without any).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS]  # noqa: F405
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)  # noqa: F405
CACHES = {
    "default": {
        # Shared by all app servers so login rate limits hold behind a load balancer.
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ot_portal_cache",
    }
}
LOGGING["root"]["level"] = env("LOG_LEVEL", "INFO")  # noqa: F405
