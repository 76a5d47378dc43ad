"""Errors a command reports to the user with an exit status, without a traceback."""

from __future__ import annotations


class CommandError(Exception):
    """A user-facing failure. ``exit_code`` 2 means bad input (file, row and column named)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class BadInput(CommandError):
    """Bad input file or option: exit status 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message, exit_code=2)
