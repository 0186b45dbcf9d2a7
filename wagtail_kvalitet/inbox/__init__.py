"""The case inbox in the Wagtail admin (wagtail-modeladmin): list, read, handle and export cases."""

__all__ = ["register_inbox"]


def register_inbox():
    """Register the inbox's admin views and hooks; called once from wagtail_hooks."""
    from wagtail_modeladmin.options import modeladmin_register

    from .options import CaseAccessAdmin, CaseAdmin

    modeladmin_register(CaseAdmin)
    modeladmin_register(CaseAccessAdmin)
