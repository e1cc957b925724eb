"""Office documents are zip containers: one that unpacks far beyond its size is refused with a Dutch
message, before anything is stored."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from cases.casefile.files import OFFICE_MAX_MEMBERS, check_upload


def docx(**members) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_an_ordinary_document_passes():
    assert (
        check_upload(SimpleUploadedFile("brief.docx", docx(**{"word/media/a.txt": "tekst " * 2000})))[1] == "brief.docx"
    )


def test_a_zip_bomb_is_refused():
    bomb = docx(**{"word/media/zeros.bin": b"\0" * (120 * 1024 * 1024)})  # ~120 kB packed, 120 MB unpacked
    assert len(bomb) < 1024 * 1024
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("brief.docx", bomb))
    assert refused.value.code == "archive_bounds"
    assert "PDF" in refused.value.messages[0]


def test_a_highly_packed_member_is_refused_even_when_the_total_is_small():
    packed = docx(**{"word/media/zeros.bin": b"\0" * (5 * 1024 * 1024)})
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("brief.docx", packed))


def test_too_many_members_are_refused():
    many = docx(**{f"word/m{i}.xml": "x" for i in range(OFFICE_MAX_MEMBERS + 1)})
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("brief.docx", many))
