"""Small, valid PDF files made in code for the demo's uploads (signed consent forms, attachments,
third-party reports), so the demo needs no files on disk and the upload checks see a real PDF."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(title: str, lines: list[str] = ()) -> bytes:
    """A one-page PDF (A4, Helvetica) with a title and a few lines of text; Windows-1252 text only."""
    text = ["BT /F1 16 Tf 56 780 Td (" + _escape(title) + ") Tj ET"]
    for i, line in enumerate(lines):
        text.append(f"BT /F1 11 Tf 56 {750 - 16 * i} Td (" + _escape(line) + ") Tj ET")
    stream = "\n".join(text).encode("cp1252", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_upload(name: str, title: str, lines: list[str] = ()) -> SimpleUploadedFile:
    """The PDF as an upload, as a form would hand it to a service."""
    return SimpleUploadedFile(name, pdf_bytes(title, lines), content_type="application/pdf")
