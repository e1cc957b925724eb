"""Static files: the production storage (hashed manifest) can collect everything that is shipped."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor"


def test_collectstatic_with_the_manifest_storage_succeeds(tmp_path):
    # The manifest storage resolves every url()/sourceMappingURL reference and aborts on a missing
    # file; production uses its compressed subclass (whitenoise), the same post-processing.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/bootstrap/bootstrap.min.*.css"))


def test_vendored_files_match_their_checksums():
    listed = {}
    for line in (VENDOR / "CHECKSUMS.txt").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name] = digest
    shipped = {str(p.relative_to(VENDOR)) for p in VENDOR.rglob("*") if p.is_file() and p.suffix in {".js", ".css"}}
    assert set(listed) == shipped
    for name, digest in listed.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
