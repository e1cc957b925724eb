"""This app's panel on the role home page (see ot_portal.web.home)."""


def panel(request):
    """Return {"template": ..., **context} for the home page, or None when nothing applies."""
    return None
