"""One cleaning step for every text people type or import: names, type labels, notes.

A name is shown in tables, on maps, in exports opened in spreadsheets and in the ``jejaring``
command's output in a terminal. Characters that are invisible or that change how the text
around them is drawn must not get there:

* direction overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069) make
  ``Budi\u202eodraH`` display as a different name, or reorder the columns around it;
* zero-width and other invisible format characters (U+200B, U+2060, U+FEFF, U+200E/F…) make
  two names that look the same compare different (duplicates a review cannot see);
* terminal escape sequences (``ESC [ … m``, ``ESC ] … BEL``) and other control characters
  rewrite a terminal or a log when the CLI prints the name.

They are removed, not refused: they reach the app mostly by copy and paste from phones and
chat messages, and the visible text is what the facilitator meant. ``clean_text`` is the step,
applied everywhere text is stored:

* :func:`install` cleans every text field of Jejaring's models on ``save``, and
  ``RecordQuerySet`` (jejaring.core.models) on ``bulk_create``/``bulk_update``: forms, the API,
  services and importers all store clean text without doing anything;
* :class:`CleanTextMixin` (forms) and :data:`CleanSchema` (API input) clean before validation,
  so a name made only of invisible characters is refused as empty;
* importers call :func:`clean_text` / :func:`clean_record` on parsed values before they
  compare them with what is stored (matching names, codes), so both sides are cleaned alike.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# ESC-introduced sequences: CSI (ESC [ … final byte), OSC (ESC ] … BEL or ESC \), and
# two-character escapes; then the 8-bit CSI/OSC introducers.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI, e.g. colours ESC[31m, clear screen ESC[2J
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, e.g. window title, hyperlinks
    r"|\x1b[@-Z\\-_]"  # other two-character escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
# Kept inside words: the joiners some scripts (and emoji) need.
_JOINERS = {"\u200c", "\u200d"}


def _keep(char: str, multiline: bool) -> bool:
    if char in "\n\t":
        return multiline
    category = unicodedata.category(char)
    if category == "Cc":  # C0/C1 controls, incl. ESC, DEL, NUL
        return False
    if category == "Cf":  # format: bidi controls, zero-width spaces, BOM, soft hyphen…
        return char in _JOINERS
    return category not in ("Zl", "Zp")  # line/paragraph separators: handled as new lines


def clean_text(value: str, *, multiline: bool = False) -> str:
    """``value`` without escape sequences, control and invisible format characters.

    Line breaks (``\\r\\n``, ``\\r``, U+2028/U+2029) become ``\\n`` in ``multiline`` text and a
    space elsewhere; tabs likewise. Everything visible is kept as typed.

    >>> clean_text("Pak Budi\\u202e\\u200b \\x1b[31mKades\\x1b[0m")
    'Pak Budi Kades'
    >>> clean_text("baris satu\\r\\nbaris dua", multiline=True)
    'baris satu\\nbaris dua'
    """
    if not value or (value.isascii() and value.isprintable()):
        return value
    text = _ESCAPES.sub("", value)
    text = re.sub(r"\r\n?|[\u2028\u2029\x85]", "\n", text)
    if not multiline:
        text = re.sub(r"[\n\t]", " ", text)
    return "".join(c if _keep(c, multiline) else "" for c in text)


def clean_record(record: dict[str, Any], *, multiline: frozenset[str] = frozenset()) -> None:
    """Clean every string value of ``record`` in place (an importer's parsed row)."""
    for key, value in record.items():
        if isinstance(value, str):
            record[key] = clean_text(value, multiline=key in multiline)


def clean_instance(instance) -> None:
    """Clean the text fields of a model instance (``TextField`` keeps its line breaks)."""
    from django.db import models

    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField) and not field.choices:
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                cleaned = clean_text(value, multiline=isinstance(field, models.TextField))
                if cleaned != value:
                    setattr(instance, field.attname, cleaned)


def _before_save(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        clean_instance(instance)


def install() -> None:
    """Clean the text of every Jejaring model on save (called from ``CoreConfig.ready``)."""
    from django.apps import apps
    from django.db.models.signals import pre_save

    for config in apps.get_app_configs():
        if config.name.startswith("jejaring."):
            for model in config.get_models():
                pre_save.connect(_before_save, sender=model, dispatch_uid=f"clean-text-{model}")


class CleanTextMixin:
    """For forms: clean the submitted text before validation, so a name made only of invisible
    characters is "required" like an empty one and the form shows what will be saved."""

    def full_clean(self) -> None:
        from django import forms

        if self.is_bound:
            data = self.data.copy()
            for name, field in self.fields.items():
                if not isinstance(field, forms.CharField) or isinstance(
                    field.widget, forms.PasswordInput
                ):
                    continue
                key = self.add_prefix(name)
                multiline = isinstance(field.widget, forms.Textarea)
                if hasattr(data, "setlist"):
                    values = data.getlist(key)
                    if values:
                        data.setlist(
                            key,
                            [
                                clean_text(v, multiline=multiline) if isinstance(v, str) else v
                                for v in values
                            ],
                        )
                elif isinstance(data.get(key), str):
                    data[key] = clean_text(data[key], multiline=multiline)
            self.data = data
        super().full_clean()


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value, multiline=True)
    if isinstance(value, list):
        return [_clean_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean_value(v) for k, v in value.items()}
    return value


def _schema_base():
    from ninja import Schema
    from pydantic import field_validator

    class CleanSchema(Schema):
        """An API input schema whose text is cleaned before validation, like the forms'
        (line breaks kept; single-line fields lose them when saved)."""

        @field_validator("*", mode="before")
        @classmethod
        def _clean_text(cls, value: Any) -> Any:
            return _clean_value(value)

    return CleanSchema


CleanSchema = _schema_base()
