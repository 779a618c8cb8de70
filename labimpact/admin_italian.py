"""An admin that speaks correct Italian: messages that agree with the model's gender.

Django's Italian admin builds its confirmations from one sentence for every model
("Il {name} … è stato aggiunto"), which gives "Il articolo", "Il giornata … è stato
modificato". Every registered admin and inline here says which grammatical gender its
model's name has (``gender = Gender.FEMININE``); the mixins below write the add, change
and delete confirmations, the delete pages, the bulk delete and the inline "add
another" with the right article and agreement. What Django words without a hook is
reworded neutrally in the project's Italian catalogue (locale/it/LC_MESSAGES/django.po).
"""

import enum
import json

from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import quote
from django.core import checks
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _


class Gender(enum.Enum):
    """The grammatical gender and number of a model's ``verbose_name``."""

    MASCULINE = "m"
    FEMININE = "f"
    MASCULINE_PLURAL = "mp"  # a name that is plural already, e.g. "dati di contatto"
    FEMININE_PLURAL = "fp"  # e.g. "impostazioni del sito"

    @property
    def is_plural(self):
        return self in (Gender.MASCULINE_PLURAL, Gender.FEMININE_PLURAL)

    @property
    def is_feminine(self):
        return self in (Gender.FEMININE, Gender.FEMININE_PLURAL)

    def plural(self):
        return Gender.FEMININE_PLURAL if self.is_feminine else Gender.MASCULINE_PLURAL


def _takes_lo(word):
    """Whether a masculine word takes «lo»/«gli»: s + consonant, z, gn, ps, pn, x, y."""
    word = word.lower()
    if word[:1] in ("z", "x", "y"):
        return True
    if word[:2] in ("gn", "ps", "pn"):
        return True
    return word[:1] == "s" and word[1:2] not in ("", *"aeiouàèéìòù")


def _starts_with_vowel(word):
    return word[:1].lower() in "aeiouàèéìòùh"


def definite(name, gender):
    """``name`` with its Italian definite article: l'articolo, la giornata, gli attori.

    Only in Italian: in another language the bare name, which that language's
    sentences (the English catalogue's "The {name} …") wrap as they need.
    """
    name = str(name)
    if not (get_language() or "it").startswith("it"):
        return name
    if gender is Gender.MASCULINE:
        if _starts_with_vowel(name):
            return f"l'{name}"
        return f"lo {name}" if _takes_lo(name) else f"il {name}"
    if gender is Gender.FEMININE:
        return f"l'{name}" if _starts_with_vowel(name) else f"la {name}"
    if gender is Gender.MASCULINE_PLURAL:
        return f"gli {name}" if _starts_with_vowel(name) or _takes_lo(name) else f"i {name}"
    return f"le {name}"


# One sentence per gender: the English catalogue gives each the same translation.
ADDED = {
    Gender.MASCULINE: gettext_lazy("{name} «{obj}» è stato aggiunto."),
    Gender.FEMININE: gettext_lazy("{name} «{obj}» è stata aggiunta."),
    Gender.MASCULINE_PLURAL: gettext_lazy("{name} «{obj}» sono stati aggiunti."),
    Gender.FEMININE_PLURAL: gettext_lazy("{name} «{obj}» sono state aggiunte."),
}
CHANGED = {
    Gender.MASCULINE: gettext_lazy("{name} «{obj}» è stato modificato."),
    Gender.FEMININE: gettext_lazy("{name} «{obj}» è stata modificata."),
    Gender.MASCULINE_PLURAL: gettext_lazy("{name} «{obj}» sono stati modificati."),
    Gender.FEMININE_PLURAL: gettext_lazy("{name} «{obj}» sono state modificate."),
}
DELETED = {
    Gender.MASCULINE: gettext_lazy("{name} «{obj}» è stato eliminato."),
    Gender.FEMININE: gettext_lazy("{name} «{obj}» è stata eliminata."),
    Gender.MASCULINE_PLURAL: gettext_lazy("{name} «{obj}» sono stati eliminati."),
    Gender.FEMININE_PLURAL: gettext_lazy("{name} «{obj}» sono state eliminate."),
}
EDIT_AGAIN = {
    Gender.MASCULINE: gettext_lazy("Qui sotto si può modificarlo ancora."),
    Gender.FEMININE: gettext_lazy("Qui sotto si può modificarla ancora."),
    Gender.MASCULINE_PLURAL: gettext_lazy("Qui sotto si può modificarli ancora."),
    Gender.FEMININE_PLURAL: gettext_lazy("Qui sotto si può modificarle ancora."),
}
ADD_ANOTHER = {
    Gender.MASCULINE: gettext_lazy("Qui sotto se ne può aggiungere un altro."),
    Gender.FEMININE: gettext_lazy("Qui sotto se ne può aggiungere un'altra."),
    Gender.MASCULINE_PLURAL: gettext_lazy("Qui sotto se ne possono aggiungere altri."),
    Gender.FEMININE_PLURAL: gettext_lazy("Qui sotto se ne possono aggiungere altre."),
}
INLINE_ADD = {
    Gender.MASCULINE: gettext_lazy("Aggiungi un altro {name}"),
    Gender.FEMININE: gettext_lazy("Aggiungi un'altra {name}"),
    Gender.MASCULINE_PLURAL: gettext_lazy("Aggiungi altri {name}"),
    Gender.FEMININE_PLURAL: gettext_lazy("Aggiungi altre {name}"),
}
DELETE_ACTION = {
    Gender.MASCULINE_PLURAL: gettext_lazy("Elimina {names} selezionati"),
    Gender.FEMININE_PLURAL: gettext_lazy("Elimina {names} selezionate"),
}


def _selected(names, gender):
    """«gli articoli selezionati», «la giornata selezionata»: the bulk delete page's object."""
    if gender is Gender.MASCULINE:
        return _("{names} selezionato").format(names=names)
    if gender is Gender.FEMININE:
        return _("{names} selezionata").format(names=names)
    if gender is Gender.MASCULINE_PLURAL:
        return _("{names} selezionati").format(names=names)
    return _("{names} selezionate").format(names=names)


def _bulk_deleted(count, gender, opts):
    values = {"count": count, "singular": opts.verbose_name, "plural": opts.verbose_name_plural}
    if gender.is_plural:
        # A name that is plural already reads the same whatever the count.
        text = (
            _("{count} {plural} eliminate.")
            if gender.is_feminine
            else _("{count} {plural} eliminati.")
        )
    elif gender.is_feminine:
        text = ngettext("{count} {singular} eliminata.", "{count} {plural} eliminate.", count)
    else:
        text = ngettext("{count} {singular} eliminato.", "{count} {plural} eliminati.", count)
    return text.format(**values)


def _count_names(opts, gender, count):
    """The model's name with its article, singular or plural as ``count`` asks."""
    if count == 1 or gender.is_plural:
        return definite(opts.verbose_name, gender)
    return definite(opts.verbose_name_plural, gender.plural())


def delete_selected(modeladmin, request, queryset):
    """Django's bulk delete, with a gendered confirmation page and message."""
    gender = modeladmin.gender
    count = len(queryset)  # evaluates the queryset: Django's own count reuses it
    request._admin_italian_message = _bulk_deleted(count, gender, modeladmin.opts)
    try:
        response = django_delete_selected(modeladmin, request, queryset)
    finally:
        del request._admin_italian_message
    if response is not None and (get_language() or "it").startswith("it"):
        names = _count_names(modeladmin.opts, gender, count)
        plural_gender = gender if count == 1 or gender.is_plural else gender.plural()
        response.context_data["objects_name"] = _selected(names, plural_gender)
    return response


delete_selected.allowed_permissions = ("delete",)


class GenderedInlineAdminFormSet(helpers.InlineAdminFormSet):
    """Django's inline, whose "add another" button agrees with the inline's gender."""

    def inline_formset_data(self):
        data = json.loads(super().inline_formset_data())
        data["options"]["addText"] = INLINE_ADD[self.opts.gender].format(
            name=self.opts.verbose_name
        )
        return json.dumps(data)


def _gender_errors(admin_obj, kind):
    if isinstance(getattr(admin_obj, "gender", None), Gender):
        return []
    return [
        checks.Error(
            f"{kind} {type(admin_obj).__name__} has no grammatical gender.",
            hint="Set gender = Gender.MASCULINE (or FEMININE, …_PLURAL) after the model's "
            "verbose_name: the admin's Italian messages agree with it.",
            obj=type(admin_obj),
            id="labimpact.E101",
        )
    ]


class GenderedInlineMixin:
    """An inline whose model name has a grammatical gender (``gender``)."""

    gender = None

    def check(self, **kwargs):
        return [*super().check(**kwargs), *_gender_errors(self, "Inline")]


class GenderedAdminMixin:
    """A ModelAdmin whose confirmations agree with its model's gender (``gender``)."""

    gender = None

    def check(self, **kwargs):
        return [*super().check(**kwargs), *_gender_errors(self, "ModelAdmin")]

    # The confirmations: Django's own sentence is replaced by the gendered one.

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        replacement = getattr(request, "_admin_italian_message", None)
        if replacement is not None and level == messages.SUCCESS:
            message = replacement
        return super().message_user(request, message, level, *args, **kwargs)

    def _object_message(self, request, obj, sentences, extra=None):
        opts = self.opts
        obj_repr = str(obj)
        if self.has_change_permission(request, obj) and obj.pk is not None:
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=(quote(obj.pk),),
                current_app=self.admin_site.name,
            )
            obj_repr = format_html('<a href="{}">{}</a>', url, obj)
        name = capfirst(definite(opts.verbose_name, self.gender))
        message = format_html(str(sentences[self.gender]), name=name, obj=obj_repr)
        if extra is not None:
            message = format_html("{} {}", message, str(extra[self.gender]))
        return message

    def response_add(self, request, obj, post_url_continue=None):
        if "_continue" in request.POST or (
            "_saveasnew" in request.POST
            and self.save_as_continue
            and self.has_change_permission(request, obj)
        ):
            extra = EDIT_AGAIN
        elif "_addanother" in request.POST:
            extra = ADD_ANOTHER
        else:
            extra = None
        request._admin_italian_message = self._object_message(request, obj, ADDED, extra)
        try:
            return super().response_add(request, obj, post_url_continue)
        finally:
            del request._admin_italian_message

    def response_change(self, request, obj):
        sentences, extra = CHANGED, None
        if "_continue" in request.POST:
            extra = EDIT_AGAIN
        elif "_saveasnew" in request.POST:
            sentences, extra = ADDED, EDIT_AGAIN
        elif "_addanother" in request.POST:
            extra = ADD_ANOTHER
        request._admin_italian_message = self._object_message(request, obj, sentences, extra)
        try:
            return super().response_change(request, obj)
        finally:
            del request._admin_italian_message

    def response_delete(self, request, obj_display, obj_id):
        name = capfirst(definite(self.opts.verbose_name, self.gender))
        request._admin_italian_message = format_html(
            str(DELETED[self.gender]), name=name, obj=obj_display
        )
        try:
            return super().response_delete(request, obj_display, obj_id)
        finally:
            del request._admin_italian_message

    # The pages that name the model.

    def delete_view(self, request, object_id, extra_context=None):
        # The template says "Vuoi davvero eliminare {object_name} «…»?": with its article.
        extra_context = {
            "object_name": definite(self.opts.verbose_name, self.gender),
            **(extra_context or {}),
        }
        return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        if IS_POPUP_VAR not in request.GET and (get_language() or "it").startswith("it"):
            name = definite(self.opts.verbose_name, self.gender)
            if self.has_change_permission(request):
                title = _("Scegli {name} da modificare").format(name=name)
            else:
                title = _("Scegli {name} da vedere").format(name=name)
            extra_context = {"title": title, **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions and isinstance(self.gender, Gender):
            gender = self.gender if self.gender.is_plural else self.gender.plural()
            names = definite(self.opts.verbose_name_plural, gender)
            description = DELETE_ACTION[gender.plural()].format(names=names)
            actions["delete_selected"] = (delete_selected, "delete_selected", description)
        return actions

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_formset in inline_formsets:
            if isinstance(getattr(inline_formset.opts, "gender", None), Gender):
                inline_formset.__class__ = GenderedInlineAdminFormSet
        return inline_formsets
