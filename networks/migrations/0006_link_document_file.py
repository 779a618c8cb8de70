"""Links may name an uploaded PDF as their source.

Only additive: no row is changed, so links recorded without a source stay as they are and
the admin lists them as «da documentare»; ``Link.clean()`` asks new links for a source.
"""

import django.core.validators
from django.db import migrations, models

import networks.models.links


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0005_actor_search_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="link",
            name="document_file",
            field=models.FileField(
                blank=True,
                help_text="Il documento in PDF, se non è pubblicato altrove: sarà scaricabile dal sito. Al massimo 20 MB.",
                upload_to=networks.models.links.document_upload_path,
                validators=[
                    django.core.validators.FileExtensionValidator(["pdf"]),
                    networks.models.links.validate_document_upload,
                ],
                verbose_name="documento caricato",
            ),
        ),
        migrations.AlterField(
            model_name="link",
            name="since",
            field=models.DateField(
                blank=True,
                help_text="Senza data d'inizio il legame compare in ogni vista per anno, segnato come «data non nota».",
                null=True,
                verbose_name="dal",
            ),
        ),
    ]
