"""Registers edited as Wagtail snippets, and the viewsets that give them their admin."""
