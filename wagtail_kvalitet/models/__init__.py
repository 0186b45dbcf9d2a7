"""Models of wagtail-kvalitet, one module per concern."""

from .base import KvalitetPage
from .organisation import OrganisationUnit, UnitKind
from .organisation_page import OrganisationPage
from .quality_areas import QualityArea
from .sections import SectionPage

__all__ = [
    "KvalitetPage",
    "OrganisationPage",
    "OrganisationUnit",
    "QualityArea",
    "SectionPage",
    "UnitKind",
]
