"""Draft preview for staff, shared by the apps' detail views."""

from django.utils.cache import add_never_cache_headers


class DraftPreviewMixin:
    """Show drafts to staff who may change them; everyone else sees ``published()`` only.

    A preview is marked as such in the context; it and any public page listing drafts for
    the editor are never cached, so a draft cannot leak through a cache to the public.
    """

    def can_preview(self):
        user = self.request.user
        if not (user.is_authenticated and user.is_staff):
            return False
        opts = self.model._meta
        return user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    def get_base_queryset(self):
        return self.model._default_manager.all()

    def get_queryset(self):
        queryset = self.get_base_queryset()
        if self.can_preview():
            return queryset
        return queryset.published()

    def shows_drafts(self):
        """Whether the page holds anything unpublished: its object, or drafts listed in it.

        A view that lists drafts to those who may preview them (a public workshop's draft
        sessions) says so by extending this.
        """
        return not self.object.is_public

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = self.can_preview() and not self.object.is_public
        # What the page's fragment caches read: a page listing drafts keeps nothing.
        context["shows_drafts"] = self._shows_drafts()
        return context

    def _shows_drafts(self):
        # Whoever may not preview was given published() objects only: nothing to look at
        # (the object of a kept page may not even be loaded, see KeptPublicObjectMixin).
        return self.can_preview() and self.shows_drafts()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self._shows_drafts():
            # private, no-cache, no-store: no browser or shared cache keeps an editor's view.
            add_never_cache_headers(response)
        return response
