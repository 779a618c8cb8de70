"""The participants' pages: the registration form, and the pages the signed links open.

The form is the only public page that sets a cookie (the CSRF token): it is never
stored by the page cache. The link pages need no cookie: the signed token in the
address is the proof, so their buttons post without a CSRF token. A link opened
shows a button rather than acting at once, because mail scanners open links too.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from workshops.models import Registration, Session
from workshops.registrations import links, services, throttle
from workshops.registrations.forms import RegistrationForm


def _registration_settings(workshop_slug, slug):
    session = get_object_or_404(
        Session.objects.published().select_related("workshop", "registration_settings"),
        workshop__slug=workshop_slug,
        slug=slug,
    )
    try:
        return session, session.registration_settings
    except Session.registration_settings.RelatedObjectDoesNotExist:
        raise Http404 from None


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def registration_create(request, workshop_slug, slug):
    """Ask for a place: the same answer whether the address is known or not."""
    session, registration_settings = _registration_settings(workshop_slug, slug)
    availability = registration_settings.availability()
    context = {"session": session, "availability": availability}
    if not availability.takes_requests:
        return render(request, "workshops/registration_message.html", {**context, "kind": "closed"})
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        registration_settings=registration_settings,
    )
    context["form"] = form
    if request.method != "POST":
        return render(request, "workshops/registration_form.html", context)
    if not throttle.hit("ip", throttle.client_address(request), settings.REGISTRATION_RATE_PER_IP):
        return render(
            request,
            "workshops/registration_message.html",
            {**context, "kind": "throttled"},
            status=429,
        )
    if not form.is_valid():
        return render(request, "workshops/registration_form.html", context, status=400)
    answers = form.answers()
    # Over the limit for one address, the request is dropped but the answer is the same:
    # a different one would tell whoever is trying which addresses are being used.
    if throttle.hit("email", answers["email"], settings.REGISTRATION_RATE_PER_EMAIL):
        services.register(session=session, language=get_language(), **answers)
    return render(request, "workshops/registration_message.html", {**context, "kind": "sent"})


def _link_error(request, problem, status, action):
    context = {"problem": problem, "action": action}
    return render(request, "workshops/registration_link_error.html", context, status=status)


def _link_page(request, action, perform):
    """Read the signed link; show its button (GET) or act (POST); refuse a bad link clearly."""
    if not request.GET.get("t"):
        # Reached without a link (a bookmark, a search engine): say where links come from.
        return _link_error(request, "missing", 200, action)
    try:
        registration_id = links.read(request.GET.get("t"), action)
    except links.Expired:
        return _link_error(request, "expired", 410, action)
    except links.Tampered:
        return _link_error(request, "tampered", 400, action)
    registration = (
        Registration.objects.select_related("session__workshop").filter(pk=registration_id).first()
    )
    if registration is None:
        return _link_error(request, "gone", 410, action)
    context = {"session": registration.session, "action": action, "done": False}
    if request.method == "POST":
        context["registration"] = perform(registration) or registration
        context["done"] = True
    else:
        context["registration"] = registration
    return render(request, "workshops/registration_link.html", context)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def registration_confirm(request):
    return _link_page(
        request,
        links.CONFIRM,
        lambda registration: services.confirm(registration_id=registration.pk),
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def registration_cancel(request):
    return _link_page(
        request,
        links.CANCEL,
        lambda registration: services.cancel(registration=registration),
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def registration_erase(request):
    return _link_page(
        request,
        links.ERASE,
        lambda registration: services.erase(registration=registration),
    )
