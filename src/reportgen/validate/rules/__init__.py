"""Importing this package registers every rule."""

from . import structure  # noqa: F401
