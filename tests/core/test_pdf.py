"""The one PDF renderer: WeasyPrint with fonts from static/ and a fetcher that refuses the rest."""

import pytest

from ot_portal.core.pdf import PDF_BASE_URL, PdfFetchRefused, render_to_pdf, static_file_for


def test_static_fetcher_serves_only_project_static_files(settings):
    assert static_file_for(f"{PDF_BASE_URL}static/css/pdf.css").name == "pdf.css"
    for url in ("file:///etc/hostname", "http://example.com/x.css", f"{PDF_BASE_URL}static/../manage.py", "ftp://x/y"):
        with pytest.raises(PdfFetchRefused):
            static_file_for(url)


def test_render_to_pdf_makes_a_pdf_with_the_page_footer(tmp_path, settings):
    from pypdf import PdfReader

    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    (tmp_path / "sample.html").write_text(
        '{% extends "pdf/base_pdf.html" %}{% block running_left %}Kop{% endblock %}'
        "{% block content %}<h1>Groeidocument</h1>"
        '<a rel="attachment" href="file:///etc/hostname">x</a>{% endblock %}'
    )
    html, pdf = render_to_pdf("sample.html", {})
    assert "<h1>Groeidocument</h1>" in html
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    reader = PdfReader(path)
    text = reader.pages[0].extract_text()
    assert "Groeidocument" in text and "Pagina 1 van 1" in text
    assert "Kop" in text, "the running header is printed"
    # The file:// attachment was refused: nothing from the server's disk is embedded.
    assert b"/EmbeddedFile" not in pdf
