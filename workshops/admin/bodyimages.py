"""Images uploaded into article and page texts, from the editor's image dialog."""

from django import forms
from django.contrib import admin
from django.http import JsonResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from labimpact.admin_italian import Gender, GenderedAdminMixin
from workshops.models import BodyImage


class BodyImageUploadForm(forms.ModelForm):
    """The upload from the editor: the file is checked by Pillow, never by its name."""

    class Meta:
        model = BodyImage
        fields = ["file", "alt_text"]
        # A plain file field: the model's validator gives the same messages as every other
        # upload (too heavy, too many pixels, not a whole JPEG, PNG or WebP).
        field_classes = {"file": forms.FileField}
        error_messages = {
            "file": {"required": _("Scegliere il file dell'immagine da caricare.")},
            "alt_text": {
                "required": _(
                    "Scrivere il testo alternativo: descrive l'immagine a chi non la vede."
                )
            },
        }


@admin.register(BodyImage)
class BodyImageAdmin(GenderedAdminMixin, admin.ModelAdmin):
    gender = Gender.FEMININE
    list_display = ["preview", "alt_text", "file", "uploaded_by", "created_at"]
    list_display_links = ["preview", "alt_text"]
    list_select_related = ["uploaded_by"]
    search_fields = ["alt_text"]
    date_hierarchy = "created_at"
    fields = ["file", "alt_text", "uploaded_by", "created_at"]
    readonly_fields = ["uploaded_by", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        # A stored file stays what the texts link to: only its description may change.
        return [*self.readonly_fields, "file"] if obj else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        # Published texts link to the file: deleting the row would leave them a broken image.
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("anteprima"))
    def preview(self, obj):
        from workshops.admin import thumbnail  # noqa: PLC0415  (the package imports this module)

        return thumbnail(obj.file, alt=obj.alt_text)

    def get_urls(self):
        return [
            path(
                "carica/",
                self.admin_site.admin_view(self.upload_view),
                name="workshops_bodyimage_upload",
            ),
            *super().get_urls(),
        ]

    @method_decorator(require_POST)
    def upload_view(self, request):
        """Store one image from the editor's dialog; answer its URL, or why not, as JSON."""
        # admin_view has already required a logged-in, active staff member and the CSRF token.
        if not self.has_add_permission(request):
            return JsonResponse(
                {"error": str(_("Non si hanno i permessi per caricare immagini."))}, status=403
            )
        form = BodyImageUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            messages = [str(message) for errors in form.errors.values() for message in errors]
            return JsonResponse({"error": " ".join(messages)}, status=400)
        image = form.save(commit=False)
        image.uploaded_by = request.user
        image.save()
        return JsonResponse(
            {"id": image.pk, "url": image.file.url, "alt": image.alt_text}, status=201
        )
