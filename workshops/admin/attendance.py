"""At the door: the check-in page of a session, for a phone, and its printable sign-in sheet.

Both are for the editors who may change registrations and live in the admin: its log-in,
its never-cached answers, no public URL and so no sitemap. The check-in page lists the
confirmed registrations of one session; a tap marks a person present, another tap takes
it back. It works as plain forms; its script only saves the reloads (the search filters
as one types, a tap answers in place).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from labimpact.search import fold, words
from workshops.models import Session
from workshops.registrations import services

QUERY_MAX_LENGTH = 100


class CheckInForm(forms.Form):
    """One tap: whom, and whether the tap marks present (``1``) or takes it back (``0``)."""

    registration = forms.IntegerField(min_value=1)
    present = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")
    q = forms.CharField(required=False, max_length=QUERY_MAX_LENGTH)


def _matches(folded_name, query_words):
    return all(word in folded_name for word in query_words)


def _counts(session):
    """(present, confirmed) for the sentence «Presenti: 12 di 38»."""
    counts = session.registrations.confirmed().aggregate(
        total=Count("pk"), present=Count("pk", filter=Q(checked_in_at__isnull=False))
    )
    return counts["present"], counts["total"]


def _count_text(present, total):
    return _("Presenti: %(present)d di %(total)d") % {"present": present, "total": total}


def _present_since(registration):
    return _("Presente dalle %(time)s") % {
        "time": time_format(timezone.localtime(registration.checked_in_at), "H:i")
    }


class AttendanceAdminMixin:
    """The check-in page of a session, added to the registrations' admin."""

    check_in_template = "workshops/admin/check_in.html"

    def get_urls(self):
        check_in = path(
            "giornata/<int:session_id>/presenze/",
            self.admin_site.admin_view(self.check_in_view),
            name="workshops_registration_check_in",
        )
        sheet = path(
            "giornata/<int:session_id>/foglio-firme.pdf",
            self.admin_site.admin_view(self.sign_in_sheet_view),
            name="workshops_registration_sign_in_sheet",
        )
        return [check_in, sheet, *super().get_urls()]

    def _door_session(self, request, session_id):
        """The session, for an editor who may change registrations; 403 for other staff."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        return get_object_or_404(Session.objects.select_related("workshop"), pk=session_id)

    def check_in_view(self, request, session_id):
        """The confirmed registrations of a session, to mark who came (GET lists, POST marks)."""
        session = self._door_session(request, session_id)
        if request.method == "POST":
            return self._check_in_tap(request, session)
        query = request.GET.get("q", "").strip()[:QUERY_MAX_LENGTH]
        query_words = words(query)
        registrations = list(
            session.registrations.confirmed().only(
                "pk", "session_id", "state", "name", "organisation", "role", "checked_in_at"
            )
        )
        for registration in registrations:
            registration.folded_name = " ".join(words(registration.name))
            registration.is_shown = _matches(registration.folded_name, query_words)
        registrations.sort(key=lambda r: (fold(r.name), r.pk))
        present = sum(r.checked_in_at is not None for r in registrations)
        shown = sum(r.is_shown for r in registrations)
        context = {
            **self.admin_site.each_context(request),
            "is_nav_sidebar_enabled": False,
            "title": _("Presenze: %(session)s") % {"session": session},
            "opts": self.opts,
            "session": session,
            "registrations": registrations,
            "query": query,
            "shown": shown,
            "count_text": _count_text(present, len(registrations)),
            "sheet_url": reverse("admin:workshops_registration_sign_in_sheet", args=[session.pk]),
            "list_url": (
                reverse("admin:workshops_registration_changelist")
                + "?"
                + urlencode({"session__id__exact": session.pk})
            ),
        }
        return TemplateResponse(request, self.check_in_template, context)

    def sign_in_sheet_view(self, request, session_id):
        """The session's sign-in sheet (PDF): its confirmed participants, room to sign."""
        # Imported here: reportlab adds about 5 MiB to every process that loads it, and
        # only this view of the admin draws a PDF (web workers and the task worker never).
        from workshops.registrations.sheet import sign_in_sheet

        session = self._door_session(request, session_id)
        registrations = session.registrations.confirmed().only(
            "pk", "session_id", "state", "name", "organisation", "role"
        )
        response = HttpResponse(
            sign_in_sheet(session, registrations), content_type="application/pdf"
        )
        filename = f"foglio-firme-{session.workshop.slug}-{session.number}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response

    def _check_in_tap(self, request, session):
        """Mark or unmark one person; JSON for the page's script, else back to the list."""
        wants_json = request.headers.get("Accept", "").startswith("application/json")
        form = CheckInForm(request.POST)
        if not form.is_valid():
            error = _("Richiesta non valida: ricarica la pagina e riprova.")
            if wants_json:
                return JsonResponse({"error": error}, status=400)
            messages.error(request, error)
            return redirect(request.path)
        registration = get_object_or_404(
            session.registrations.all(), pk=form.cleaned_data["registration"]
        )
        error = None
        try:
            registration = services.check_in(
                registration=registration, present=form.cleaned_data["present"]
            )
        except ValidationError as refusal:
            error = _("%(name)s: %(reason)s") % {
                "name": registration.name,
                "reason": " ".join(refusal.messages),
            }
        present, total = _counts(session)
        is_present = registration.checked_in_at is not None
        if wants_json:
            answer = {"count": _count_text(present, total), "present": is_present}
            if error:
                return JsonResponse({**answer, "error": error}, status=409)
            answer["state"] = _present_since(registration) if is_present else ""
            return JsonResponse(answer)
        if error:
            messages.error(request, error)
        elif is_present:
            messages.success(request, f"{registration.name}: {_present_since(registration)}.")
        else:
            messages.success(
                request, _("%(name)s: presenza annullata.") % {"name": registration.name}
            )
        query = form.cleaned_data["q"]
        back = request.path + (f"?{urlencode({'q': query})}" if query else "")
        return redirect(f"{back}#r-{registration.pk}")
