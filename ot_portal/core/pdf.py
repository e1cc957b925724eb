"""One way to render a PDF: the same template the browser sees, through WeasyPrint.

WeasyPrint is imported inside the function (≈0.9 s cold import). Its URL fetcher is limited to
the app's own static files: the default one follows file://, http:// and ftp:// and would embed
any file of the server in a document (see docs/adr/0003-pdf-pipeline.md).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

#: The base URL documents are rendered against; `/static/...` resolves below it.
PDF_BASE_URL = "http://pdf.invalid/"


class PdfFetchRefused(Exception):
    pass


def static_file_for(url: str) -> Path:
    """Map a URL in a PDF template to a file in the project's `static/` folder, or refuse."""
    prefix = PDF_BASE_URL.rstrip("/") + settings.STATIC_URL
    if not url.startswith(prefix):
        raise PdfFetchRefused(f"PDF rendering may not fetch {url[:80]}")
    relative = url[len(prefix) :].split("?", 1)[0].split("#", 1)[0]
    # STATIC_ROOT holds the hashed names `{% static %}` produces under the manifest storage.
    for root in [*settings.STATICFILES_DIRS, settings.STATIC_ROOT]:
        root_path = Path(root).resolve()
        candidate = (root_path / relative).resolve()
        if candidate.is_relative_to(root_path) and candidate.is_file():
            return candidate
    raise PdfFetchRefused(f"No such static file: {relative[:80]}")


def _make_fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: PLC0415 (start-up time, see render_to_pdf)

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            path = static_file_for(url)
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    return StaticOnlyFetcher()


def render_to_pdf(
    template_name: str, context: dict[str, Any], *, request: HttpRequest | None = None
) -> tuple[str, bytes]:
    """Render `template_name` to HTML and to a tagged PDF (PDF/UA-1). Returns (html, pdf_bytes).

    The template gets `pdf=True` so it can leave out navigation and link the print stylesheet.
    """
    # Lazy on purpose: a cold import of WeasyPrint costs one to three seconds, paid otherwise by every process start
    # (each view module that offers a PDF imports this module) and not only by the first PDF.
    from weasyprint import HTML  # noqa: PLC0415 (start-up time)

    html = render_to_string(template_name, {**context, "pdf": True}, request=request)
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=_make_fetcher())
    return html, document.write_pdf(pdf_variant="pdf/ua-1")


def pdf_response(pdf_bytes: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    """An HTTP response for a generated PDF; `filename` must never contain a pupil's name."""
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response
