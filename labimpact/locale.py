"""Language by URL: Italian at the plain URLs, English under /en/."""

from django.middleware.locale import LocaleMiddleware
from django.utils.cache import cc_delim_re

# Outside i18n_patterns, where Django still picks the language from the browser.
BROWSER_LANGUAGE_PREFIXES = ("/admin/",)


class PathLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, without ``Vary: Accept-Language`` where the URL decides.

    With ``prefix_default_language=False`` Django still marks the plain (Italian) URLs
    as varying on Accept-Language, although they are Italian whatever the browser
    asks. The header would only split every cache (ours and the browsers') per
    language header; it is kept where the browser's language does apply: the admin.
    """

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if request.path_info.startswith(BROWSER_LANGUAGE_PREFIXES) or "Vary" not in response:
            return response
        kept = [
            header.strip()
            for header in cc_delim_re.split(response["Vary"])
            if header.strip() and header.strip().lower() != "accept-language"
        ]
        if kept:
            response["Vary"] = ", ".join(kept)
        else:
            del response["Vary"]
        return response
