import datetime as dt

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.dates import MONTHS
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

SEARCH_MAX_LENGTH = 200


class SearchForm(forms.Form):
    """The public search box; long or malformed queries are explained, not run."""

    q = forms.CharField(
        label=_("Cerca"),
        max_length=SEARCH_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": _("La ricerca è troppo lunga: al massimo %(limit_value)d caratteri."),
        },
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Parole da cercare")}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("", _("Cerca")))

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())


class MonthJumpForm(forms.Form):
    """The calendar's month picker: it offers only the months that have published sessions.

    Values are ``yyyy-mm``; the months come grouped by year. A GET form, so that it works
    without JavaScript and the month it leads to is a plain link.
    """

    # The select always has a month chosen; «required» on it would only ask the HTML
    # checker for an empty first option.
    use_required_attribute = False

    mese = forms.ChoiceField(
        label=_("Vai al mese"),
        error_messages={
            "required": _("Scegli un mese dall'elenco."),
            "invalid_choice": _(
                "In quel mese non ci sono giornate in calendario: scegli un mese dall'elenco."
            ),
        },
    )

    def __init__(self, *args, months, **kwargs):
        super().__init__(*args, **kwargs)
        by_year = {}
        # Each month's name translated once, not formatted once per month with sessions:
        # what date_format(month, "F Y") writes («Dicembre 2020», "December 2020").
        names = {number: capfirst(str(name)) for number, name in MONTHS.items()}
        for month in months:
            label = f"{names[month.month]} {month.year}"
            by_year.setdefault(str(month.year), []).append((f"{month:%Y-%m}", label))
        self.fields["mese"].choices = list(by_year.items())
        self.fields["mese"].widget.attrs["class"] = "form-select"

    def clean_mese(self):
        year, month = self.cleaned_data["mese"].split("-")
        return dt.date(int(year), int(month), 1)
