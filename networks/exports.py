"""Open exports of the published network: CSV for spreadsheets, GEXF and GraphML for Gephi."""

import csv
import io

import networkx as nx
from django.http import HttpResponse

from networks.graph import export_graph

ACTOR_COLUMNS = [
    ("id", "id"),
    ("nome", "label"),
    ("tipo", "kind"),
    ("tipo_descrizione", "kind_label"),
    ("comune", "municipality"),
    ("provincia", "province"),
    ("ambito_territoriale", "ambito"),
    ("sito_web", "website"),
    ("aree_di_interesse", "topics"),
    ("reti", "networks"),
    ("legami", "degree"),
    ("intermediazione", "betweenness"),
    ("componente", "component"),
    ("pagina", "url"),
    # Added later, last: how many actors its people met at the workshops, in how many meetings.
    ("incontrati_ai_laboratori", "met"),
    ("incontri_ai_laboratori", "met_sessions"),
]
LINK_COLUMNS = [
    ("id", "id"),
    ("da_id", "source"),
    ("da", "source_label"),
    ("a_id", "target"),
    ("a", "target_label"),
    ("tipo", "kind"),
    ("tipo_descrizione", "kind_label"),
    ("orientato", "directed"),
    ("dal", "since"),
    ("al", "until"),
    ("descrizione", "description"),
    ("articolo", "article_title"),
    ("articolo_url", "article_url"),
    ("giornata", "session_title"),
    ("giornata_url", "session_url"),
    ("documento_url", "document_url"),
    # Added after the first version: new columns go last, so readers by position still work.
    ("documento_file_url", "document_file"),
    ("documentato", "documented"),
    ("data_non_nota", "undated"),
    # Encounters at the workshops: the sessions are their documentation, weighed by number.
    ("peso", "weight"),
    ("giornate", "session_titles"),
    ("giornate_url", "session_urls"),
]


def _cell(value):
    if isinstance(value, list):
        return "; ".join(value)
    if isinstance(value, bool):
        return "sì" if value else "no"
    return value


def actor_rows(data, absolute):
    yield [column for column, _ in ACTOR_COLUMNS]
    for node in data["nodes"]:
        row = {**node, "url": absolute(node["url"]) if node["url"] else ""}
        yield [_cell(row[key]) for _, key in ACTOR_COLUMNS]


def link_rows(data, absolute):
    labels = {node["id"]: node["label"] for node in data["nodes"]}
    yield [column for column, _ in LINK_COLUMNS]
    for link in data["links"]:
        row = {
            **link,
            "source_label": labels[link["source"]],
            "target_label": labels[link["target"]],
            "article_url": absolute(link["article_url"]) if link["article_url"] else "",
            "session_url": absolute(link["session_url"]) if link["session_url"] else "",
            "document_file": absolute(link["document_file"]) if link["document_file"] else "",
            "session_titles": [session["title"] for session in link["sessions"]],
            "session_urls": [absolute(session["url"]) for session in link["sessions"]],
        }
        yield [_cell(row[key]) for _, key in LINK_COLUMNS]


# A spreadsheet takes a cell starting with one of these for a formula (OWASP, "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A text cell a spreadsheet would run as a formula, turned into plain text by a leading ``'``.

    Every text starting with a trigger is prefixed, as OWASP recommends, even one that looks
    like a negative number: names and descriptions are typed by people, never figures. Real
    figures (degree, betweenness) are numbers here, written as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_response(rows, filename):
    buffer = io.StringIO()
    # The byte-order mark lets spreadsheet programs read the accents right.
    buffer.write("\ufeff")
    csv.writer(buffer).writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return _attachment(buffer.getvalue(), "text/csv; charset=utf-8", filename)


def gexf_response(data, filename):
    text = "\n".join(nx.generate_gexf(export_graph(data)))
    return _attachment(text, "application/gexf+xml; charset=utf-8", filename)


def graphml_response(data, filename):
    text = "\n".join(nx.generate_graphml(export_graph(data)))
    return _attachment(text, "application/graphml+xml; charset=utf-8", filename)


def _attachment(text, content_type, filename):
    response = HttpResponse(text.encode("utf-8"), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
