import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from workshops.models import Article, Session, Speaker, Topic, Workshop

pytestmark = pytest.mark.django_db


def test_load_demo_twice_gives_the_same_content_and_keeps_the_editors_password(capsys, rf):
    call_command("load_demo")
    first = capsys.readouterr().out
    counts = [m.objects.count() for m in (Article, Session, Speaker, Topic, Workshop)]
    call_command("load_demo")
    second = capsys.readouterr().out

    assert [m.objects.count() for m in (Article, Session, Speaker, Topic, Workshop)] == counts
    password = first.strip().splitlines()[-1].split("password: ")[1].split()[0]
    assert "password:" not in second
    assert authenticate(rf.post("/admin/login/"), username="redazione", password=password)


def test_demo_serves_the_seed_article(client):
    call_command("load_demo")
    article = Article.objects.published().get()

    content = client.get(article.get_absolute_url()).content.decode()

    title = "Le reti locali e i cicli di coprogrammazione e coprogettazione del welfare di comunità"
    assert f"{title} (4° giornata)" in content
    assert "Pubblicato 18 dicembre 2020" in content
    assert "di Federica Parenti" in content
    assert "La coesione territoriale e l&#x27;orizzonte della coprogettazione" in content
    assert "dott. Nicola Grigion" in content
    assert "dott. Pasquale Nunziata" in content
    assert "SAI (già SIPROIMI)" in content


def test_demo_has_a_future_and_the_siproimi_names():
    call_command("load_demo")

    assert Session.objects.published().upcoming().count() >= 3
    assert Topic.objects.matching("SPRAR").get().slug == "sai"
    assert Topic.objects.filter(kind=Topic.Kind.ACTION).count() == 4
