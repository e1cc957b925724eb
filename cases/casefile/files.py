"""Upload checks for attachments: the content decides the type, not the file name.

`filetype` is not installed; the few signatures we accept are sniffed here.
"""

from __future__ import annotations

import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

from cases.casefile.models import ATTACHMENT_MAX_BYTES

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Word/Excel (.doc/.xls)


#: sniffed kind -> (content type, allowed extensions)
KINDS = {
    "pdf": ("application/pdf", {".pdf"}),
    "png": ("image/png", {".png"}),
    "jpeg": ("image/jpeg", {".jpg", ".jpeg"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}),
    "doc": ("application/msword", {".doc", ".xls"}),
}


#: Bounds for office documents (zip containers): a small upload that unpacks to gigabytes (a "zip
#: bomb") would exhaust memory or disk wherever the file is opened later.
OFFICE_MAX_UNCOMPRESSED = 100 * 1024 * 1024
OFFICE_MAX_RATIO = 100
OFFICE_MAX_MEMBERS = 5000


def check_office_archive(archive: zipfile.ZipFile) -> None:
    """Refuse a zip container whose uncompressed size, member count or compression ratio is out of
    bounds. Reads only the central directory, never the contents."""
    members = archive.infolist()
    total = sum(m.file_size for m in members)
    too_packed = any(
        m.file_size > OFFICE_MAX_RATIO * max(m.compress_size, 1) and m.file_size > 1024 * 1024 for m in members
    )
    if len(members) > OFFICE_MAX_MEMBERS or total > OFFICE_MAX_UNCOMPRESSED or too_packed:
        raise ValidationError(
            _("This document unpacks to far more than its size and is not accepted. Save it again as PDF."),
            code="archive_bounds",
        )


def sniff(upload: File[Any]) -> str | None:
    """Return the kind of file from its first bytes (and zip contents for OOXML), or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(OLE2_SIGNATURE):
        return "doc"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                check_office_archive(archive)
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" not in names:
            return None
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
    return None


def check_upload(upload: File[Any]) -> tuple[str, str]:
    """Validate size and content of an upload; return (content_type, safe original name)."""
    size = upload.size or 0  # Django sets the size of every uploaded file
    if size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."), code="too_large")
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    kind = sniff(upload)
    if kind is None:
        raise ValidationError(_("Only PDF, PNG, JPEG and Word or Excel documents can be attached."), code="file_type")
    content_type, extensions = KINDS[kind]
    name = (upload.name or "bijlage").replace("\\", "/").rsplit("/", 1)[-1][:150]
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in extensions:
        raise ValidationError(
            _("The file name does not match its content; this file is not accepted."), code="disguised"
        )
    return content_type, name
