"""Errors and warnings about the engine's input.

They name the place of the problem as a person sees it in a spreadsheet: the file (or table),
the row (1-based, the header is row 1) and the column as written in the file. The command line
turns :class:`InputError` into exit status 2.
"""

from __future__ import annotations

__all__ = ["InputError", "InputWarning", "unknown_actor", "where"]


def where(label: str, row: int | None = None, column: str | None = None) -> str:
    """``"ties.csv, row 14, column 'target'"`` with the parts that are known.

    >>> where("ties.csv", 14, "tujuan")
    "ties.csv, row 14, column 'tujuan'"
    """
    parts = [label]
    if row is not None:
        parts.append(f"row {row}")
    if column is not None:
        parts.append(f"column {column!r}")
    return ", ".join(parts)


class InputError(ValueError):
    """Bad input data. ``label``, ``row`` and ``column`` locate it (None when not known).

    >>> str(InputError("unknown actor id 'x9'", "ties.csv", 3, "target"))
    "ties.csv, row 3, column 'target': unknown actor id 'x9'"
    """

    def __init__(
        self,
        message: str,
        label: str = "input",
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.message = message
        self.label = label
        self.row = row
        self.column = column
        super().__init__(f"{where(label, row, column)}: {message}")


def unknown_actor(value: str, actors_label: str) -> str:
    """The message for a tie endpoint that is not in the actors table (every reader).

    >>> unknown_actor("x9", "actors.csv")
    "unknown actor id 'x9' (not in actors.csv)"
    """
    return f"unknown actor id {value!r} (not in {actors_label})"


class InputWarning(UserWarning):
    """Input that was accepted with a change (a self-loop dropped, an unknown code kept)."""
