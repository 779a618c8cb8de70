"""The public registration form: only the questions the session's settings ask."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.apps import apps
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


def _directory():
    """Published actors and networks, when the networks app is installed; else nothing."""
    if not apps.is_installed("networks"):
        return None, None
    # Imported here: the workshops app stands without the networks app.
    from networks.models import Actor, Network

    return Actor.objects.with_public_page(), Network.objects.published()


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Nome e cognome"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("Ti scriviamo qui per confermare l'iscrizione: nessun posto è tenuto prima."),
    )
    organisation = forms.CharField(
        label=_("Organizzazione"),
        max_length=255,
        help_text=_("L'ente, la cooperativa o l'associazione per cui partecipi."),
    )
    network = forms.TypedChoiceField(label=_("Rete"), required=False, coerce=int, empty_value=None)
    role = forms.CharField(label=_("Ruolo"), max_length=200, required=False)
    accessibility_needs = forms.CharField(
        label=_("Esigenze di accessibilità"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    note = forms.CharField(
        label=_("Nota"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    has_consented = forms.BooleanField(label=_("Ho letto l'informativa sulla privacy"))

    def __init__(self, *args, registration_settings, **kwargs):
        super().__init__(*args, **kwargs)
        self.registration_settings = registration_settings
        asks = registration_settings
        self.actors, networks = (None, None)
        if asks.organisation_question == asks.OrganisationQuestion.DIRECTORY:
            self.actors, networks = _directory()
        if not asks.asks_organisation:
            del self.fields["organisation"]
        if networks is None:
            del self.fields["network"]
        else:
            self.fields["network"].choices = [("", "—"), *networks.values_list("pk", "name")]
        if self.actors is not None:
            self.fields["organisation"].widget.attrs["list"] = "organisation-directory"
            self.fields["organisation"].help_text = _(
                "Scegli dall'elenco degli attori o scrivila se non c'è."
            )
        for name, asked in (
            ("role", asks.asks_role),
            ("accessibility_needs", asks.asks_accessibility),
            ("note", asks.asks_note),
        ):
            if not asked:
                del self.fields[name]
        self.fields["has_consented"].help_text = format_html(
            '<a href="{}">{}</a>', reverse("workshops:privacy"), _("Leggi l'informativa")
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("", _("Chiedi l'iscrizione")))

    @property
    def directory_names(self):
        return [] if self.actors is None else list(self.actors.values_list("name", flat=True))

    def answers(self):
        """The fields of the registration, the directory's actor found by its exact name."""
        data = dict(self.cleaned_data)
        answers = {
            "name": " ".join(data["name"].split()),
            "email": data["email"],
            "has_consented": data["has_consented"],
            "organisation": data.get("organisation", "").strip(),
            "network_id": data.get("network"),
            "role": data.get("role", ""),
            "accessibility_needs": data.get("accessibility_needs", ""),
            "note": data.get("note", ""),
        }
        if self.actors is not None and answers["organisation"]:
            answers["actor_id"] = (
                self.actors.filter(name__iexact=answers["organisation"])
                .values_list("pk", flat=True)
                .first()
            )
        return answers
