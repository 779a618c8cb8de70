"""``manage.py build_files``: build every public file now, as the background task would.

Run at deploy time, after ``migrate``: the files then match the code and the content
before the first visitor asks, and the worker only rebuilds them after changes.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from labimpact import builtfiles
from workshops.site import public_root


class Command(BaseCommand):
    help = (
        "Costruisce i file pubblici grandi (calendario, grafo, esportazioni) in ogni lingua, "
        "come fa il processo in background dopo ogni modifica. Da eseguire a ogni rilascio."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "groups",
            nargs="*",
            metavar="gruppo",
            help=f"Solo questi gruppi ({', '.join(builtfiles.GROUPS)}); senza, tutti.",
        )

    def handle(self, *args, groups=(), **options):
        unknown = set(groups) - set(builtfiles.GROUPS)
        if unknown:
            raise CommandError(f"Gruppi sconosciuti: {', '.join(sorted(unknown))}.")
        if not public_root():
            raise CommandError(
                "Manca l'indirizzo pubblico del sito (SITE_URL o le impostazioni del sito): "
                "senza, i file non possono contenere i collegamenti giusti e sono fatti a "
                "ogni richiesta."
            )
        for name in groups or [group.name for group in builtfiles.build_order()]:
            started = time.monotonic()
            manifests = builtfiles.build_group(builtfiles.GROUPS[name])
            for (language, file_name), manifest in sorted(manifests.items()):
                if options["verbosity"] < 1:
                    break
                sizes = ", ".join(
                    f"{encoding} {body['size']:,} B"
                    for encoding, body in manifest["bodies"].items()
                )
                self.stdout.write(f"{language}/{file_name}: {sizes}")
            self.stdout.write(
                self.style.SUCCESS(f"{name}: costruiti in {time.monotonic() - started:.1f} s.")
            )
