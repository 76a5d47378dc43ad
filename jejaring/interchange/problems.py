"""Problems found in an imported file, located as a person sees them in a spreadsheet.

A problem keeps its English message id and parameters rather than finished text, so the same
problem list reads in Indonesian for one user and in English for another (the web app stores
it between the preview and the confirmation). Rows count like a spreadsheet: the header is
row 1, the first data row is row 2.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext, gettext_noop

ERROR = "error"
WARNING = "warning"

#: Problems kept in full; beyond this only the count goes on (a 10 MB junk file would
#: otherwise produce a million identical lines).
MAX_KEPT = 200


@dataclass
class Problem:
    """One problem: ``message`` is an English message id with ``%(name)s`` placeholders."""

    message: str
    params: dict[str, Any] = field(default_factory=dict)
    file: str = ""
    row: int | None = None
    column: str | None = None
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def text(self) -> str:
        """The message in the active language."""
        template = gettext(self.message)
        try:
            return template % self.params if self.params else template
        except (KeyError, ValueError, TypeError):
            return self.message % self.params if self.params else self.message

    def where(self) -> str:
        """ "ties.csv, row 14, column 'tujuan'" in the active language (known parts only)."""
        parts = [self.file] if self.file else []
        if self.row is not None:
            parts.append(gettext("row %(row)s") % {"row": self.row})
        if self.column:
            parts.append(gettext("column %(column)s") % {"column": f"'{self.column}'"})
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.text()}" if where else self.text()

    def as_dict(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "params": {k: _jsonable(v) for k, v in self.params.items()},
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "severity": self.severity,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Problem:
        return cls(
            message=data.get("message", ""),
            params=data.get("params") or {},
            file=data.get("file", ""),
            row=data.get("row"),
            column=data.get("column"),
            severity=data.get("severity", ERROR),
        )


def _jsonable(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)


class Problems:
    """The problems of one import: errors stop it, warnings are shown and accepted."""

    def __init__(self) -> None:
        self.kept: list[Problem] = []
        self.error_count = 0
        self.warning_count = 0

    def add(
        self,
        message: str,
        *,
        file: str = "",
        row: int | None = None,
        column: str | None = None,
        severity: str = ERROR,
        **params: Any,
    ) -> None:
        if severity == ERROR:
            self.error_count += 1
        else:
            self.warning_count += 1
        if len(self.kept) < MAX_KEPT:
            self.kept.append(Problem(message, params, file, row, column, severity))

    def warn(self, message: str, **kwargs: Any) -> None:
        self.add(message, severity=WARNING, **kwargs)

    def extend(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            self.add(
                p.message,
                file=p.file,
                row=p.row,
                column=p.column,
                severity=p.severity,
                **p.params,
            )

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0

    @property
    def total(self) -> int:
        return self.error_count + self.warning_count

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.kept if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.kept if not p.is_error]

    @property
    def not_shown(self) -> int:
        return self.total - len(self.kept)

    def as_list(self) -> list[dict[str, Any]]:
        return [p.as_dict() for p in self.kept]

    def __iter__(self):
        return iter(self.kept)

    def __len__(self) -> int:
        return self.total

    def __bool__(self) -> bool:
        return self.total > 0


class ImportRejected(Exception):
    """The input has errors: nothing was written. ``problems`` says what and where."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        super().__init__(
            "; ".join(str(p) for p in problems.errors[:5])
            or gettext("the file could not be imported")
        )

    def report(self) -> str:
        """Every kept error (and warning) on its own line, in the active language."""
        lines = [str(p) for p in self.problems.errors]
        if self.problems.not_shown:
            lines.append(
                gettext("… and %(n)s more problems not shown") % {"n": self.problems.not_shown}
            )
        return "\n".join(lines)


# Messages used by several modules; kept here so they are translated once.
MSG_EMPTY_FILE = gettext_noop("the file is empty")
MSG_NO_HEADER = gettext_noop("the first row must name the columns")
MSG_NO_ROWS = gettext_noop(
    "there are no rows under the column names: nothing to import (actors in a sheet or file "
    "'aktor'/'actors', ties in 'hubungan'/'ties', one row each)"
)
