import pytest
from django.core.management import call_command

from networks.models import Actor, Link, Membership, Network
from workshops.models import Article

pytestmark = pytest.mark.django_db


def test_load_demo_adds_the_actors_of_the_seed_article_once(client):
    call_command("load_demo")
    counts = [m.objects.count() for m in (Actor, Link, Network, Membership)]
    call_command("load_demo")

    assert [m.objects.count() for m in (Actor, Link, Network, Membership)] == counts
    article = Article.objects.get()
    names = set(article.mentioned_actors.values_list("name", flat=True))
    assert {"ANCILab", "In-deep", "Fondazione Cariplo", "QuBì", "Comune di Milano"} <= names
    assert Actor.objects.found_in_text("AnciLAB") == [Actor.objects.get(slug="ancilab")]
    funding = Link.objects.get(source__slug="fondazione-cariplo", target__slug="qubi")
    assert funding.documented_by_article == article
    assert "SIPROIMI" in Actor.objects.get(kind=Actor.Kind.RECEPTION).alias_list

    content = client.get("/rete/attori/ancilab/").content.decode()
    assert "Pasquale Nunziata" in content
    assert "Conoscere per Integrarsi" in content
    assert "Fondazione Cariplo" in client.get(article.get_absolute_url()).content.decode()
