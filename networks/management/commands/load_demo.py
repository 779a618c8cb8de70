from django.core.management.base import BaseCommand

from workshops.demo.content import load_demo


class Command(BaseCommand):
    help = "Carica i contenuti dimostrativi (l'articolo del 18 dicembre 2020 e ciò che nomina)."

    def handle(self, *args, **options):
        username, password = load_demo()
        self.stdout.write(self.style.SUCCESS("Contenuti dimostrativi caricati."))
        self.stdout.write(
            f"Redattore: {username}  password: {password}  (http://127.0.0.1:8000/admin/)"
        )
