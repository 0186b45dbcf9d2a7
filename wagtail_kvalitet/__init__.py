"""wagtail-kvalitet: a municipality's quality management system (SOSFS 2011:9) inside Wagtail."""

__all__ = ["__version__"]

__version__ = "0.1.0"
