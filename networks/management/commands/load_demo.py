from django.core.management.base import BaseCommand
from django.db import transaction

from networks.demo import load_network_demo
from workshops.demo.content import load_demo


class Command(BaseCommand):
    help = (
        "Carica i contenuti dimostrativi: l'articolo del 18 dicembre 2020, ciò che nomina "
        "e la rete degli attori che vi compaiono."
    )

    # The command lives in networks because workshops may not import networks.
    def handle(self, *args, **options):
        with transaction.atomic():
            username, password = load_demo()
            load_network_demo()
        self.stdout.write(self.style.SUCCESS("Contenuti dimostrativi caricati."))
        self.stdout.write(
            f"Redattore: {username}  password: {password}  (http://127.0.0.1:8000/admin/)"
        )
