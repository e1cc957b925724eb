from django.http import HttpResponse


def bare(request):
    """A trivial page for `manage.py bench` to compare against; only routed by bench's URLconf."""
    return HttpResponse("ok")
