import io
import json
import os
import tarfile
import time
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand

# Rebuilt by Django or disposable: content types and permissions (post_migrate),
# sessions, log-in attempts, the thumbnail cache.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes", "thumbnail"]
# An archive holds every editor's account and every draft: for its owner's eyes only,
# whatever the umask of the shell or cron job that runs the command.
ARCHIVE_MODE = 0o600
FOLDER_MODE = 0o700


def make_private_folders(folder):
    """Create ``folder`` and its missing parents for their owner only; existing ones stay."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir(mode=FOLDER_MODE, exist_ok=True)
        # mkdir's mode goes through the umask, which may take the owner's own bits away.
        path.chmod(FOLDER_MODE)


def open_private(path):
    """``path`` emptied and opened for writing with mode 0600, whatever its mode was."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, ARCHIVE_MODE)
    # Set before a byte is written: the mode given to open() only applies to a new file.
    os.fchmod(descriptor, ARCHIVE_MODE)
    return os.fdopen(descriptor, "wb")


def storage_files(storage, folder=""):
    """Every file in ``storage`` below ``folder``, through the storage API."""
    if folder and not storage.exists(folder):
        return
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for directory in directories:
        yield from storage_files(storage, f"{folder}/{directory}" if folder else directory)


class Command(BaseCommand):
    help = "Salva i dati e i file caricati in un unico archivio .tar.gz portabile."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Percorso dell'archivio (predefinito: backups/…)")

    def handle(self, *args, **options):
        output = Path(
            options["output"] or f"backups/labimpact-{time.strftime('%Y%m%d-%H%M%S')}.tar.gz"
        )
        make_private_folders(output.parent)
        data = io.StringIO()
        call_command(
            "dumpdata",
            # Primary keys are kept (calendar UIDs and links depend on them); content
            # types and permissions, rebuilt on the other side, are named, not numbered.
            natural_foreign=True,
            exclude=EXCLUDED,
            stdout=data,
        )
        payload = data.getvalue().encode("utf-8")
        media_count = 0
        with open_private(output) as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            self._add(archive, "data.json", payload)
            manifest = {"format": 1, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
            for name in storage_files(default_storage):
                with default_storage.open(name, "rb") as media:
                    self._add(archive, f"media/{name}", media.read())
                media_count += 1
            manifest["media_files"] = media_count
            self._add(archive, "manifest.json", json.dumps(manifest).encode())
        self.stdout.write(
            self.style.SUCCESS(f"Backup scritto in {output} ({media_count} file multimediali).")
        )

    @staticmethod
    def _add(archive, name, content):
        info = tarfile.TarInfo(name)
        info.size = len(content)
        info.mtime = int(time.time())
        archive.addfile(info, io.BytesIO(content))
