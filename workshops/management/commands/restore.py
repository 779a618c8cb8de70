import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Ripristina un archivio di backup: sostituisce TUTTI i dati attuali."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="L'archivio .tar.gz scritto da `backup`")
        parser.add_argument("--noinput", action="store_true", help="Non chiedere conferma")

    def handle(self, *args, **options):
        path = Path(options["archive"])
        if not path.is_file():
            raise CommandError(f"Archivio non trovato: {path}")
        if not options["noinput"]:
            answer = input("Tutti i dati attuali saranno sostituiti. Continuare? [s/N] ")
            if answer.strip().lower() not in {"s", "si", "sì", "y", "yes"}:
                raise CommandError("Ripristino annullato.")

        with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as folder:
            members = {member.name: member for member in archive.getmembers() if member.isfile()}
            if "data.json" not in members:
                raise CommandError(
                    "L'archivio non contiene data.json: non è un backup del portale."
                )
            data_file = Path(folder) / "data.json"
            data_file.write_bytes(archive.extractfile(members["data.json"]).read())
            with transaction.atomic():
                call_command("flush", interactive=False, verbosity=0)
                call_command("loaddata", str(data_file), verbosity=0)
            restored = 0
            for name, member in members.items():
                relative = PurePosixPath(name)
                if relative.parts[:1] != ("media",) or ".." in relative.parts:
                    continue
                target = str(PurePosixPath(*relative.parts[1:]))
                if default_storage.exists(target):
                    default_storage.delete(target)
                default_storage.save(target, ContentFile(archive.extractfile(member).read()))
                restored += 1
        self.stdout.write(
            self.style.SUCCESS(f"Ripristino completato ({restored} file multimediali).")
        )
