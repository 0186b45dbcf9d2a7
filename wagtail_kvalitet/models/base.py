"""The abstract page every page type of the app derives from."""

from wagtail.models import Page

from ..conf import kvalitet_settings


class KvalitetPage(Page):
    """A page that renders inside the host site's own base template.

    The host names that template in ``KVALITET_BASE_TEMPLATE``; our templates extend
    ``kvalitet_base_template`` so installing the app never means editing the host's templates.
    """

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["kvalitet_base_template"] = kvalitet_settings.BASE_TEMPLATE
        return context
