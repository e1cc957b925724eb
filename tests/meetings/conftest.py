import io

import pytest
from pypdf import PdfReader


@pytest.fixture
def pdf_text():
    def read(content: bytes) -> str:
        assert content.startswith(b"%PDF")
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)

    return read
