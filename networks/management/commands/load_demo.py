import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from networks.demo import SEED_ARTICLE_SLUG, load_network_demo
from networks.sample import load_sample_network, remove_sample_network
from workshops.demo.content import DEVELOPMENT_ROOT, load_demo
from workshops.demo.sample import load_sample_programme, remove_sample_programme
from workshops.models import Article
from workshops.site import public_root


class Command(BaseCommand):
    help = (
        "Carica i contenuti dimostrativi: l'articolo del 18 dicembre 2020, ciò che nomina "
        "e la rete degli attori che vi compaiono. Con --sample aggiunge un programma di "
        "esempio a volume reale (slug «esempio-…», segnato «Contenuto di esempio»); "
        "con --sample --remove lo toglie."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sample",
            action="store_true",
            help="Aggiunge (o aggiorna) il contenuto di esempio: 8 laboratori, 44 giornate, "
            "80 relatori, 76 articoli, 150 attori, 400 legami. Ripetibile.",
        )
        parser.add_argument(
            "--remove",
            action="store_true",
            help="Con --sample: toglie il contenuto di esempio; i contenuti dimostrativi restano.",
        )

    # The command lives in networks because workshops may not import networks.
    def handle(self, *args, sample=False, remove=False, **options):
        if remove:
            if not sample:
                self.stderr.write("--remove va usato con --sample.")
                return
            with transaction.atomic():
                remove_sample_network()
                remove_sample_programme()
            self.stdout.write(self.style.SUCCESS("Contenuto di esempio tolto."))
            return
        if sample and Article.objects.filter(slug=SEED_ARTICLE_SLUG).exists():
            # The demo is there: the sample goes on top without saving any of its rows.
            self.load_sample()
            self.build_files()
            return
        with transaction.atomic():
            username, password = load_demo()
            load_network_demo()
        self.stdout.write(self.style.SUCCESS("Contenuti dimostrativi caricati."))
        if sample:
            self.load_sample()
        self.build_files()
        admin_url = f"{public_root() or DEVELOPMENT_ROOT}/admin/"
        if password:
            self.stdout.write(f"Redattore: {username}  password: {password}  ({admin_url})")
        else:
            self.stdout.write(
                f"Redattore: {username} (esisteva già: la password non è cambiata; "
                f"per sceglierne una nuova: manage.py changepassword {username})  ({admin_url})"
            )

    def build_files(self):
        """The calendar, the graph and the exports of the new content, as a deploy builds them.

        Without a public address they are made at each request instead (labimpact/builtfiles.py).
        """
        if public_root():
            call_command("build_files", stdout=self.stdout, stderr=self.stderr)

    def load_sample(self):
        started = time.monotonic()
        with transaction.atomic():
            load_sample_network(load_sample_programme())
        self.stdout.write(
            self.style.SUCCESS(
                f"Contenuto di esempio caricato in {time.monotonic() - started:.1f} s "
                "(per toglierlo: manage.py load_demo --sample --remove)."
            )
        )
