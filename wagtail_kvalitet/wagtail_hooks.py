"""Wires the app into the Wagtail admin: menus, viewsets and hooks only."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .annual_cycle.admin import register_annual_cycle_admin
from .due.admin import register_due
from .feeds.admin import register_feed_admin
from .inbox import register_inbox
from .log_actions import register_log_actions
from .page_cache.middleware import mark_cacheable_page
from .quality_report.admin import register_quality_report_admin
from .reports import review_report_menu_item, review_report_urls
from .reports.cases import register_case_report
from .reports.goal_chains import register_goal_chain_export
from .self_assessment.admin import register_self_assessment_admin
from .snippets.guards import refuse_deleting_units_with_children
from .snippets.legal_reviews import MarkReviewedBulkAction
from .snippets.viewsets import QualityRegistersGroup

register_snippet(QualityRegistersGroup)

hooks.register("before_delete_snippet", refuse_deleting_units_with_children)
hooks.register("register_admin_urls", review_report_urls)
hooks.register("register_reports_menu_item", review_report_menu_item)
hooks.register("register_log_actions", register_log_actions)
hooks.register("register_bulk_action", MarkReviewedBulkAction)
hooks.register("before_serve_page", mark_cacheable_page)
register_inbox()
register_case_report()
register_goal_chain_export()
register_due()
register_annual_cycle_admin()
register_feed_admin()
register_self_assessment_admin()
register_quality_report_admin()
