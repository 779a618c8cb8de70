"""No app code changes public content with ``QuerySet.update()``, which skips save().

``update()`` sends no signal, leaves ``updated_at`` and the version counter alone and
records no history: the page cache, the graph and the editors' history would not know.
Writes go through services and ``save()``; only migrations may update rows in bulk.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_PACKAGES = ["workshops", "networks", "labimpact"]
BULK_WRITES = {"update", "bulk_update"}
# What a queryset looks like in this code: a manager, a queryset variable, a chain of
# queryset methods, a related manager.
QUERYSET = re.compile(
    r"\b(objects|_base_manager|_default_manager|queryset|qs)\b"
    r"|\.(filter|exclude|all|published|select_related|using|none)\("
    r"|_set\b|\b(outgoing_links|incoming_links|memberships|sessions|session_speakers)\b"
)


def _app_modules():
    for package in APP_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _bulk_writes(source):
    """(line, code) of every call that looks like a bulk write on a queryset."""
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in BULK_WRITES:
            continue
        if node.func.attr == "bulk_update" or QUERYSET.search(ast.unparse(node.func.value)):
            yield node.lineno, ast.unparse(node)


def test_app_code_never_updates_rows_in_bulk():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {code}"
        for path in _app_modules()
        for line, code in _bulk_writes(path.read_text())
    ]

    assert found == []


@pytest.mark.parametrize(
    "code",
    [
        "Actor.objects.filter(pk__in=pks).update(is_published=False)",
        "queryset.update(is_published=True)",
        "self.model.objects.bulk_update(rows, ['is_published'])",
        "network.memberships.all().update(until=today)",
    ],
)
def test_the_check_finds_a_bulk_write(code):
    assert list(_bulk_writes(code))


@pytest.mark.parametrize("code", ["context.update(extra)", "node.update(slug='')"])
def test_the_check_leaves_dicts_alone(code):
    assert not list(_bulk_writes(code))
