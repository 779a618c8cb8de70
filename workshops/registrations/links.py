"""The signed links of the e-mails: each action has its own salt and its own lifetime.

A link carries the registration's number and nothing else; the signature (the
project's secret key, one salt per action) makes it impossible to forge or to turn
a confirmation link into a cancellation one. ``read`` tells a tampered link from an
expired one, so that the page can say which.
"""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.urls import reverse

from workshops.site import absolute_url

CONFIRM, CANCEL, ERASE = "confirm", "cancel", "erase"
ACTIONS = (CONFIRM, CANCEL, ERASE)
URL_NAMES = {
    CONFIRM: "workshops:registration_confirm",
    CANCEL: "workshops:registration_cancel",
    ERASE: "workshops:registration_erase",
}


class Expired(Exception):
    """The link was genuine but is too old."""


class Tampered(Exception):
    """The link was not made here, or was altered."""


def _salt(action):
    return f"workshops.registration.{action}"


def max_age(action):
    """How long a link for ``action`` holds: the confirmation only as long as the request."""
    if action == CONFIRM:
        return dt.timedelta(hours=settings.REGISTRATION_CONFIRM_HOURS)
    # Cancelling or erasing stays possible long after the session, until the data are gone.
    return dt.timedelta(days=settings.REGISTRATION_LINK_DAYS)


def token(registration, action):
    return signing.dumps(registration.pk, salt=_salt(action), compress=False)


def url(registration, action):
    """The absolute address of the page that performs ``action`` on ``registration``."""
    path = reverse(URL_NAMES[action])
    return absolute_url(f"{path}?t={token(registration, action)}")


def read(value, action):
    """The registration number in a link for ``action``; raises Expired or Tampered."""
    try:
        return signing.loads(value or "", salt=_salt(action), max_age=max_age(action))
    except signing.SignatureExpired as error:
        raise Expired from error
    except signing.BadSignature as error:
        raise Tampered from error
