from django.conf import settings

from ot_portal.core.access import user_permissions_summary


def portal(request):
    """Navigation needs to know which sections the user can use; evaluated lazily, once."""
    user = getattr(request, "user", None)
    cached: dict = {}

    def perms():
        if "perms" not in cached:
            cached["perms"] = user_permissions_summary(user) if user is not None else frozenset()
        return cached["perms"]

    return {"ot_perms": perms, "ot_demo": settings.OT_DEMO}
