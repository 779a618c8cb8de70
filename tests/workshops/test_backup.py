"""A backup restores to the same content, data and media alike."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from tests.factories import ArticleFactory, SessionFactory, SpeakerFactory, TopicFactory
from workshops.models import Article, Session, Speaker

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DUMP_EXCLUDE = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
    "thumbnail",
]


def _dump():
    out = io.StringIO()
    call_command("dumpdata", natural_foreign=True, exclude=DUMP_EXCLUDE, stdout=out)
    # Django's JSON keeps milliseconds: a time with under 1 ms of microseconds is written
    # "…:30.000Z" and, once loaded back, "…:30Z". Same instant, so compare in one form.
    return re.sub(r'(T\d{2}:\d{2}:\d{2})Z"', r'\1.000Z"', out.getvalue())


def _photo():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 102, 204)).save(buffer, format="PNG")
    return SimpleUploadedFile("ritratto.png", buffer.getvalue())


def test_backup_and_restore_round_trip(tmp_path, client):
    call_command("load_demo", stdout=io.StringIO())
    speaker = SpeakerFactory(photo=_photo())
    ArticleFactory(topics=[TopicFactory()], session=SessionFactory(), title="Con tutto")
    photo_bytes = speaker.photo.read()
    before = _dump()
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", output=str(archive), stdout=io.StringIO())
    Article.objects.all().delete()
    Session.objects.all().delete()
    speaker.photo.delete(save=False)
    Speaker.objects.all().delete()
    call_command("restore", str(archive), noinput=True, stdout=io.StringIO())

    assert _dump() == before
    restored = Speaker.objects.get(pk=speaker.pk)
    assert restored.photo.read() == photo_bytes
    assert Article.objects.published().filter(title="Con tutto").exists()
    assert client.get("/accessibilita/").status_code == 200


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    import tarfile

    with tarfile.open(bogus, "w:gz"):
        pass

    with pytest.raises(Exception, match="data.json"):
        call_command("restore", str(bogus), noinput=True)
