"""Backup archives hold every editor's data: only their owner may read them, whatever the umask."""

import io
import os
import stat
import tarfile

import pytest
from django.core.management import call_command

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask():
    """Run a command under a given umask, then put the old one back."""

    def run(value, *args, **options):
        previous = os.umask(value)
        try:
            call_command(*args, stdout=io.StringIO(), **options)
        finally:
            os.umask(previous)

    return run


@pytest.mark.parametrize("mask", [0o000, 0o002, 0o022, 0o277], ids=oct)
def test_archive_and_new_folders_are_the_owners_only(tmp_path, umask, mask):
    ArticleFactory(title="Resoconto salvato")
    archive = tmp_path / "nuova" / "cartella" / "labimpact.tar.gz"

    umask(mask, "backup", output=str(archive))

    assert _mode(archive) == 0o600
    assert _mode(tmp_path / "nuova") == 0o700
    assert _mode(tmp_path / "nuova" / "cartella") == 0o700
    with tarfile.open(archive) as opened:
        data = opened.extractfile("data.json").read().decode()
    assert "Resoconto salvato" in data


def test_an_existing_archive_is_tightened_and_an_existing_folder_left_alone(tmp_path, umask):
    tmp_path.chmod(0o755)
    archive = tmp_path / "labimpact.tar.gz"
    archive.write_bytes(b"vecchio")
    archive.chmod(0o644)

    umask(0o022, "backup", output=str(archive))

    assert _mode(archive) == 0o600
    assert _mode(tmp_path) == 0o755
    with tarfile.open(archive) as opened:
        assert "manifest.json" in opened.getnames()
