"""Admin reports, shown in Wagtail's Reports menu; ``wagtail_hooks`` registers them."""

from .reviews import ReviewDueView, review_report_menu_item, review_report_urls

__all__ = ["ReviewDueView", "review_report_menu_item", "review_report_urls"]
