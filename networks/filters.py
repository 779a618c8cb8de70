import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from networks.models import Actor, Network, Province
from workshops.forms import SEARCH_MAX_LENGTH
from workshops.models import Topic


class ActorFilter(django_filters.FilterSet):
    """Filters of the actor directory: kind, province, topic, network and a search box."""

    q = django_filters.CharFilter(
        label=_("Cerca"),
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Nome, sigla, comune")}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Tipo"), choices=Actor.Kind.choices, empty_label=_("Tutti i tipi")
    )
    province = django_filters.ChoiceFilter(
        label=_("Provincia"), choices=Province.choices, empty_label=_("Tutte le province")
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Area di interesse"),
        field_name="topics",
        # Callables, as in workshops/filters.py: cheap to deep-copy with the filter set.
        queryset=lambda request: Topic.objects.all(),
        to_field_name="slug",
        empty_label=_("Tutte le aree"),
    )
    network = django_filters.ModelChoiceFilter(
        label=_("Rete"),
        field_name="memberships__network",
        queryset=lambda request: Network.objects.published(),
        to_field_name="slug",
        empty_label=_("Tutte le reti"),
    )

    class Meta:
        model = Actor
        fields = ["q", "kind", "province", "topic", "network"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A private person has no page: the directory does not offer the kind.
        self.filters["kind"].extra["choices"] = [
            choice for choice in Actor.Kind.choices if choice[0] != Actor.Kind.PERSON
        ]
        self.form.fields["q"].error_messages["max_length"] = _(
            "La ricerca è troppo lunga: al massimo %(limit_value)d caratteri."
        )
        self.form.helper = FormHelper()
        self.form.helper.form_method = "get"
        self.form.helper.disable_csrf = True
        self.form.helper.add_input(Submit("", _("Filtra")))

    def search(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(aliases__icontains=word)
                | Q(municipality__icontains=word)
                | Q(ambito__icontains=word)
                | Q(description__icontains=word)
            )
        return queryset

    def filter_queryset(self, queryset):
        # Filtering through memberships or topics may repeat an actor.
        return super().filter_queryset(queryset).distinct()
