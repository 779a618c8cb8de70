"""Fast settings for the test suite, layered over the real ones."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-" + "x" * 40)

from labimpact.settings import *  # noqa: E402, F403
from labimpact.settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run where they are enqueued, so a test sees their effect at once; a test of the
# worker itself switches to the database backend with ``override_settings``.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="labimpact-test-media-")
# The test client speaks plain HTTP; the deploy check runs on the real settings.
SECURE_SSL_REDIRECT = False
# Off, so that every test request runs its view: a test that measures or relies on the
# page cache turns it on with the ``page_cache`` fixture (tests/conftest.py).
PAGE_CACHE_SECONDS = 0
