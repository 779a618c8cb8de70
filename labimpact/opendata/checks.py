"""Deploy checks of the open data: what a catalogue harvesting /dati/ would get wrong."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PLACEHOLDER_PUBLISHER_ID = "codice-ipa-da-indicare"


@register(Tags.compatibility, deploy=True)
def check_publisher_id(app_configs=None, **kwargs):
    """The DCAT-AP_IT catalogue names its publisher by an IPA code: the placeholder is none."""
    if settings.OPEN_DATA_PUBLISHER_ID.strip() not in {"", PLACEHOLDER_PUBLISHER_ID}:
        return []
    return [
        Warning(
            "OPEN_DATA_PUBLISHER_ID is not set: the open-data catalogue (/dati/catalogo.rdf) "
            "would name its publisher and datasets by a placeholder instead of an IPA code.",
            hint="Set OPEN_DATA_PUBLISHER_ID to the publisher's code in indicepa.gov.it.",
            id="opendata.W001",
        )
    ]
