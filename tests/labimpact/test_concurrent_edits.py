"""Two editors saving the same object at the same instant: one wins, the other keeps their text.

Real threads, each with its own database connection, post the admin form of the same
object opened at the same version; a barrier releases them together. Every round must
give exactly one saved form and one form shown again with the error and the loser's
text, and never a server error.
"""

import sqlite3
import threading

import pytest
from django.contrib.auth.models import Group, User
from django.db import connections
from django.test import Client

from networks.models import Actor
from tests.factories import ActorFactory, ArticleFactory, SessionFactory
from tests.labimpact.admin_forms import change_url, read_form
from workshops.models import Article, Page, Session

# Committed transactions, so that each thread sees the others' writes; the data the
# migrations create (the Editors group, the pages) is put back after each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROUNDS = 20
STALE = "un altro redattore ha salvato una versione più recente"


@pytest.fixture
def shared_database(tmp_path):
    """The test database, reachable from several threads as the site's database is.

    On PostgreSQL nothing changes. SQLite's test database lives in memory, where two
    connections writing at once fail at once ("table is locked") instead of waiting:
    a file copy of it is used instead, with the transaction mode the site needs on
    SQLite so that writers queue (see the report: OPTIONS transaction_mode IMMEDIATE).
    """
    memory = connections["default"]
    if memory.vendor != "sqlite" or not memory.is_in_memory_db():
        yield
        return
    memory.ensure_connection()
    path = tmp_path / "shared.sqlite3"
    with sqlite3.connect(path) as copy:
        memory.connection.backup(copy)
    copy.close()
    settings_dict = {
        **memory.settings_dict,
        "NAME": str(path),
        "OPTIONS": {
            **memory.settings_dict["OPTIONS"],
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        },
    }
    original = connections.settings["default"]
    connections.settings["default"] = settings_dict
    connections["default"] = memory.__class__(settings_dict, "default")
    try:
        yield
    finally:
        connections["default"].close()
        connections.settings["default"] = original
        connections["default"] = memory


CASES = {
    "article": (Article, lambda: ArticleFactory(), "summary"),
    "session": (Session, lambda: SessionFactory(), "description"),
    "actor": (Actor, lambda: ActorFactory(), "description"),
    "privacy page": (Page, lambda: Page.objects.get(kind=Page.Kind.PRIVACY), "body"),
}


def _editor(name):
    user = User.objects.create_user(name, password=f"pw-{name}-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


def _post_together(posts):
    """POST each (client, url, data) from its own thread, all released at once."""
    barrier = threading.Barrier(len(posts))
    results = [None] * len(posts)

    def post(index, client, url, data):
        try:
            barrier.wait()
            response = client.post(url, data)
            results[index] = (response.status_code, response.content.decode())
        except Exception as error:  # an exception the server would answer with a 500
            results[index] = (500, repr(error))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=post, args=(index, *arguments))
        for index, arguments in enumerate(posts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.parametrize("case", CASES)
def test_two_editors_saving_at_once_one_wins_the_other_keeps_their_text(case, shared_database):
    model, make, field = CASES[case]
    obj = make()
    url = change_url(obj)
    anna, bruno = _editor("anna"), _editor("bruno")
    outcomes = []

    for round_number in range(ROUNDS):
        forms = {}
        for name, client in [("anna", anna), ("bruno", bruno)]:
            data = read_form(client, url, model)
            data[field] = [f"<p>Testo di {name}, giro {round_number}</p>"]
            forms[name] = data
        assert forms["anna"]["version"] == forms["bruno"]["version"]

        results = _post_together([(anna, url, forms["anna"]), (bruno, url, forms["bruno"])])

        statuses = sorted(status for status, _ in results)
        outcomes.append(statuses)
        assert all(status < 500 for status in statuses), results
        assert statuses == [200, 302], (round_number, [r[1][:2000] for r in results])
        loser = "anna" if results[0][0] == 200 else "bruno"
        winner = "bruno" if loser == "anna" else "anna"
        content = dict(zip(["anna", "bruno"], results, strict=True))[loser][1]
        assert STALE in content
        assert f"Testo di {loser}, giro {round_number}" in content  # the loser's text
        saved = model.objects.get(pk=obj.pk)
        assert f"Testo di {winner}, giro {round_number}" in getattr(saved, field)

    assert outcomes == [[200, 302]] * ROUNDS
    assert model.objects.get(pk=obj.pk).version == ROUNDS
