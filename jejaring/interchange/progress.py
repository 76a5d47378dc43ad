"""Progress of long imports and exports: a bar on the command line, a figure on the page.

Services take a ``progress`` callable ``(stage, done, total)``; ``stage`` is an English
message id (translated where shown). The web app stores the latest call in the cache under a
token the page polls; the request doing the work and the request asking for progress are
served by different threads of the same server process.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from django.utils.translation import gettext, gettext_noop

ProgressFn = Callable[[str, int, int], None]

READING = gettext_noop("Reading the file")
CHECKING = gettext_noop("Checking rows")
WRITING_ACTORS = gettext_noop("Saving actors")
WRITING_TIES = gettext_noop("Saving ties")
WRITING_RECORDS = gettext_noop("Saving records")
MATCHING_NAMES = gettext_noop("Comparing names")
DONE = gettext_noop("Done")


def silent(stage: str, done: int, total: int) -> None:
    """A progress callable that reports nothing."""


class Throttled:
    """Pass calls on at most every ``interval`` seconds, plus the first and last of a stage."""

    def __init__(self, target: ProgressFn, interval: float = 0.2) -> None:
        self.target = target
        self.interval = interval
        self._last = 0.0
        self._stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage != self._stage or done >= total or now - self._last >= self.interval:
            self._stage = stage
            self._last = now
            self.target(stage, done, total)


class TerminalBar:
    """``Saving ties [########------------] 40% 40000/100000`` on stderr.

    On a terminal the bar redraws in place; when stderr is a file or pipe one line per stage
    is written at its end, so logs stay readable.
    """

    def __init__(self, stream: TextIO | None = None, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        label = gettext(stage)
        if stage != self._stage and self._stage and self.tty:
            self.stream.write("\n")
        self._stage = stage
        fraction = 1.0 if total <= 0 else min(1.0, max(0.0, done / total))
        if self.tty:
            filled = int(fraction * self.width)
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r{label} [{bar}] {fraction:4.0%} {done}/{total}")
            if done >= total:
                self.stream.write("\n")
                self._stage = ""
        elif done >= total and total > 1:
            self.stream.write(f"{label}: {total}\n")
        self.stream.flush()


def cache_key(village_id, token: str) -> str:
    return f"interchange-progress:{village_id}:{token}"


class CacheProgress:
    """Writes the latest progress to the cache for the page's poller."""

    def __init__(self, village_id, token: str) -> None:
        self.key = cache_key(village_id, token)

    def __call__(self, stage: str, done: int, total: int) -> None:
        from django.core.cache import cache

        cache.set(self.key, {"stage": stage, "done": done, "total": total}, 3600)


def read_progress(village_id, token: str) -> dict:
    """``{"stage", "label", "done", "total", "percent"}``; an empty stage before any work."""
    from django.core.cache import cache

    data = cache.get(cache_key(village_id, token)) or {"stage": "", "done": 0, "total": 0}
    total = data["total"]
    percent = int(100 * data["done"] / total) if total else 0
    return {
        "stage": data["stage"],
        "label": gettext(data["stage"]) if data["stage"] else "",
        "done": data["done"],
        "total": total,
        "percent": min(percent, 100),
    }
