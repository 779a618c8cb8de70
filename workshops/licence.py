"""The licence every open export of the portal carries: the API, the CSV bundle, the graph files.

It lives in the lowest app so that ``networks`` and ``opendata`` name the same licence.
"""

from django.utils.translation import gettext_lazy as _

LICENSE_ID = "CC-BY-4.0"
LICENSE_NAME = "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_DEED_IT = "https://creativecommons.org/licenses/by/4.0/deed.it"
# How to credit the source, as the licence asks of anyone who reuses the data.
ATTRIBUTION = "Lab'Impact – ANCI Lombardia e Regione Lombardia (FAMI 2014-2020)"
LICENSE_SENTENCE = _(
    "Dati pubblicati con licenza CC BY 4.0: riutilizzabili liberamente citando la fonte."
)


def license_link_header():
    """The ``Link`` header value that names the licence of a response (RFC 8288, RFC 4946)."""
    return f'<{LICENSE_URL}>; rel="license"'
