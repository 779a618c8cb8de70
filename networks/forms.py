from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from networks.models import Actor, Link, Network, Province
from workshops.models import Topic


class MapFilterForm(forms.Form):
    """The map's filters; they apply alike to the drawing and to the list under it."""

    kind = forms.ChoiceField(label=_("Tipo di attore"), required=False)
    link_kind = forms.ChoiceField(label=_("Tipo di legame"), required=False)
    topic = forms.ModelChoiceField(
        label=_("Area di interesse"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Tutte le aree"),
    )
    province = forms.ChoiceField(label=_("Provincia"), required=False)
    network = forms.ModelChoiceField(
        label=_("Rete"),
        queryset=Network.objects.published(),
        to_field_name="slug",
        required=False,
        empty_label=_("Tutte le reti"),
    )
    year = forms.TypedChoiceField(
        label=_("Anno"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "Mostra i legami attivi in quell'anno. I legami senza data d'inizio compaiono "
            "in ogni anno, segnati come «data non nota»."
        ),
    )
    new_since = forms.TypedChoiceField(
        label=_("Nuovi legami dal"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "Mostra solo i legami iniziati in quell'anno o dopo, per vedere che cosa è nato da "
            "allora. Anche qui i legami senza data d'inizio compaiono come «data non nota»."
        ),
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Tutti i tipi")), *Actor.Kind.choices]
        self.fields["link_kind"].choices = [("", _("Tutti i legami")), *Link.Kind.choices]
        self.fields["province"].choices = [("", _("Tutte le province")), *Province.choices]
        self.fields["year"].choices = [("", _("Tutti gli anni"))] + [(y, y) for y in years]
        self.fields["new_since"].choices = [("", _("Tutti i legami"))] + [(y, y) for y in years]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("", _("Applica i filtri")))

    def graph_filters(self):
        """The valid filters as keyword arguments of ``filter_graph``; bad ones are dropped."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        filters = {
            "kind": data.get("kind") or "",
            "link_kind": data.get("link_kind") or "",
            "topic": data["topic"].slug if data.get("topic") else "",
            "province": data.get("province") or "",
            "network": data["network"].slug if data.get("network") else "",
            "year": data.get("year"),
            "new_since": data.get("new_since"),
        }
        return {key: value for key, value in filters.items() if value}
