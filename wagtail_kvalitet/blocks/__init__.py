"""StreamField blocks of wagtail-kvalitet: process roles, responsibility tables, steps, risks.

Each structured thing gets its own module here as the features that use it land.
"""

__all__ = []
