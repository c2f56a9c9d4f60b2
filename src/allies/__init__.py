"""Allies: partnership management for public libraries."""

__version__ = "0.1.0"
