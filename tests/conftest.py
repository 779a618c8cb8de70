import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _italian_between_tests():
    """Each test starts in Italian: LocaleMiddleware leaves the last request's language active."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    # The page cache outlives a test's rolled-back database: start each test without it.
    cache.clear()


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", password="pw-editor-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def page_cache(settings):
    """Turn the anonymous page cache on for one test (test settings keep it off)."""
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) the site sends to; yields its collector of messages."""
    from tests import mailserver

    controller, collector = mailserver.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.SITE_URL = "http://testserver"
    try:
        yield collector
    finally:
        controller.stop()
