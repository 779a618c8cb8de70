"""The bench's data obey the models' rules: a seed that a constraint refuses stops `make bench`."""

import pytest

from bench import seed
from networks.models import Actor, Link
from workshops.models import Article

pytestmark = pytest.mark.django_db


def test_a_small_bench_portal_seeds_within_every_constraint(monkeypatch):
    monkeypatch.setattr(
        seed, "SIZES", {"workshops": 2, "sessions": 8, "speakers": 6, "articles": 20}
    )
    monkeypatch.setattr(seed, "NETWORK_SIZES", {"actors": 40, "links": 150, "networks": 3})

    counts = seed.seed()

    assert Article.objects.count() == 20
    assert Actor.objects.count() == 40
    assert Link.objects.count() == 150
    # Every kind an editor may give a link appears; the derived one never does.
    kinds = set(Link.objects.values_list("kind", flat=True))
    assert Link.Kind.ENCOUNTER not in kinds
    assert kinds == set(Link.Kind.values) - {Link.Kind.ENCOUNTER}
    assert counts["links"] == 150
