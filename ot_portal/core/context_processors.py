from typing import Any

from django.conf import settings
from django.http import HttpRequest

from ot_portal.core.access import user_permissions_summary


def portal(request: HttpRequest) -> dict[str, Any]:
    """Navigation needs to know which sections the user can use; evaluated lazily, once."""
    user = getattr(request, "user", None)
    cached: dict[str, frozenset[str]] = {}

    def perms() -> frozenset[str]:
        if "perms" not in cached:
            cached["perms"] = user_permissions_summary(user) if user is not None else frozenset()
        return cached["perms"]

    return {"ot_perms": perms, "ot_demo": settings.OT_DEMO}
