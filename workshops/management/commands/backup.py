import io
import json
import tarfile
import time
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand

# Rebuilt by Django or disposable: content types and permissions (post_migrate),
# sessions, log-in attempts, the thumbnail cache.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes", "thumbnail"]


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
        output.parent.mkdir(parents=True, exist_ok=True)
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
        with tarfile.open(output, "w:gz") as archive:
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
