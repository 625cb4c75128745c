"""Text for people, for the CLI and the app alike: number formatting and JSON forms (``kb.text.format``) and
the zh/en message templates (``kb.text.messages``)."""

from kb.text.format import exact, json_numbers

__all__ = ["exact", "json_numbers"]
