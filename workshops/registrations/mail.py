"""The e-mails a participant receives, in the language of the form they used.

Plain text and HTML from the same context; a place given carries the session as a
calendar invitation (iTIP ``METHOD:REQUEST``), a place given up its cancellation
(``METHOD:CANCEL``) with the same UID, so that the calendar app removes the event.
"""

import html as html_lib
import re
from email.utils import parseaddr

import icalendar
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from workshops.calendar import PRODID, UID_DOMAIN, ical_line, session_event
from workshops.models import Registration, Session
from workshops.registrations import links, tasks
from workshops.site import absolute_url

SUBJECTS = {
    tasks.CONFIRM_ADDRESS: _("Conferma la tua iscrizione: %(session)s"),
    tasks.CONFIRMED: _("Iscrizione confermata: %(session)s"),
    tasks.WAITING: _("Sei in lista d'attesa: %(session)s"),
    tasks.PROMOTED: _("Si è liberato un posto per te: %(session)s"),
    tasks.REFUSED: _("Iscrizione non accolta: %(session)s"),
    tasks.CANCELLED: _("Iscrizione annullata: %(session)s"),
    tasks.ERASED: _("I tuoi dati sono stati cancellati: %(session)s"),
    tasks.REMINDER: _("Domani: %(session)s"),
    tasks.SESSION_CHANGED: _("Cambia data, orario o luogo: %(session)s"),
    tasks.SESSION_CANCELLED: _("Giornata annullata: %(session)s"),
}
# These carry the invitation (the change only to who holds a place); the others carry its
# cancellation if a place was held.
INVITES = {tasks.CONFIRMED, tasks.PROMOTED, tasks.REMINDER}
WITHDRAWALS = {tasks.CANCELLED, tasks.ERASED, tasks.SESSION_CANCELLED}


def invitation_uid(registration_id, session):
    """One UID per registration: a request and its cancellation must name the same event."""
    return f"iscrizione-{registration_id}-giornata-{session.pk}@{UID_DOMAIN}"


def invitation(session, *, registration_id, email, name, method):
    """The bytes of an iTIP invitation (REQUEST) or its withdrawal (CANCEL) for one person."""
    event = session_event(session, page_url=absolute_url(session.get_absolute_url()))
    event["UID"] = invitation_uid(registration_id, session)
    if method == "CANCEL":
        # A cancellation must come with a higher sequence than the request it withdraws.
        event["SEQUENCE"] = session.sequence + 1
        event["STATUS"] = "CANCELLED"
    organizer_name, organizer_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = icalendar.vCalAddress(f"mailto:{organizer_email}")
    organizer.params["CN"] = ical_line(organizer_name or "Lab'Impact")
    event.add("ORGANIZER", organizer)
    attendee = icalendar.vCalAddress(f"mailto:{email}")
    attendee.params["CN"] = ical_line(name)
    attendee.params["PARTSTAT"] = "ACCEPTED" if method == "REQUEST" else "DECLINED"
    attendee.params["ROLE"] = "REQ-PARTICIPANT"
    event.add("ATTENDEE", attendee)
    cal = icalendar.Calendar.new(prodid=PRODID, method=method, subcomponents=[event])
    cal.add_missing_timezones()
    return cal.to_ical()


def when_where(session):
    """The session's «Quando» and «Dove» as (label, text) pairs, for the plain-text e-mail.

    Taken from the HTML the pages show, so that the two never say different things;
    a link keeps its address, which plain text cannot hide behind words.
    """
    html = render_to_string("workshops/includes/_when_where.html", {"session": session})
    html = LINK.sub(lambda match: f"{match[2]}: {match[1]}", html)
    return [(_plain(label), _plain(text)) for label, text in TERM_AND_DESCRIPTION.findall(html)]


LINK = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.S)
TERM_AND_DESCRIPTION = re.compile(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", re.S)


def _plain(html):
    return " ".join(html_lib.unescape(strip_tags(html)).split())


def send_registration_mail(registration_id, kind, snapshot=None, held_place=False):
    """Render and send one e-mail; False when there is nobody to write to any more."""
    if snapshot is None:
        registration = (
            Registration.objects.select_related("session__workshop")
            .filter(pk=registration_id)
            .first()
        )
        if registration is None:
            return False
        email, name, language = registration.email, registration.name, registration.language
        session = registration.session
    else:
        registration = None
        email, name, language = snapshot["email"], snapshot["name"], snapshot["language"]
        session = Session.objects.select_related("workshop").get(pk=snapshot["session_id"])
    with translation.override(language):
        context = {
            "kind": kind,
            "name": name,
            "session": session,
            "session_url": absolute_url(session.get_absolute_url()),
            "privacy_url": absolute_url(reverse("workshops:privacy")),
            "held_place": held_place,
            "when_where": when_where(session),
        }
        if registration is not None:
            if kind == tasks.CONFIRM_ADDRESS:
                context["confirm_url"] = links.url(registration, links.CONFIRM)
                context["confirm_hours"] = settings.REGISTRATION_CONFIRM_HOURS
            elif registration.state in Registration.ACTIVE_STATES:
                context["cancel_url"] = links.url(registration, links.CANCEL)
                context["erase_url"] = links.url(registration, links.ERASE)
        subject = str(SUBJECTS[kind] % {"session": session.display_title})
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("workshops/emails/registration.txt", context),
            to=[email],
        )
        message.attach_alternative(
            render_to_string("workshops/emails/registration.html", context), "text/html"
        )
        method = None
        if session.date is None:
            pass
        elif kind in INVITES or (kind == tasks.SESSION_CHANGED and held_place):
            method = "REQUEST"
        elif kind in WITHDRAWALS and held_place:
            method = "CANCEL"
        if method:
            ics = invitation(
                session, registration_id=registration_id, email=email, name=name, method=method
            )
            message.attach("invito.ics", ics, f"text/calendar; method={method}; charset=utf-8")
        message.send()
    return True
