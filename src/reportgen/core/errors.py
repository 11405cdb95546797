"""Errors that end a run with a message for the clerk (exit code 2)."""

from __future__ import annotations


class UnusableInput(Exception):
    """The input cannot be read at all. ``kind`` is stable, ``message`` is Chinese."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


class TemplateError(Exception):
    """A template or profile is broken: names the file and what is wrong."""
