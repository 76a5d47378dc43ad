"""Work done by a forked child process while the parent does the rest: a part of the
output, or (on a district) the communities and triangles while the parent computes the
other measures.

At a million actors, turning the measures into JSON text takes longer than most measures,
and it is pure Python, so one process uses one core. Parts of the output are independent:
the patronage lists are known once the patron–client measures are (the CLI forks their
writer then, while the analysis goes on), and the second half of the ``actors`` list is
written by a child while the parent writes the first half. Each child formats its part into
a private temporary file, and the parent copies that text into place. The output is byte
for byte the same as writing everything in one process.

Fork shares the analysis with the child without copying or pickling it (copy-on-write).
The heap's free pages are given back to the system just before (:func:`jejaring.graph.heap.trim`):
otherwise each page of them the parent reuses would stay behind in the child as a private
copy, counted twice.
Where there is no fork that is safe to use (Windows, macOS, a process with other Python
threads running) or the child fails for any reason, the parent writes the part itself: the
result is the same, only slower.
"""

from __future__ import annotations

import codecs
import contextlib
import gc
import os
import pickle
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from typing import IO, Any

from jejaring.graph import heap

__all__ = ["Deferred", "ForkedCall", "deferred_text", "forked_call"]

#: Below this many actors the output takes well under a second: not worth a process.
FORK_MIN_ACTORS = 50_000


class Deferred:
    """Text for one place in the output, written into it by :meth:`write_into`.

    Inline form (no child): the writer runs when the text is needed.
    """

    def __init__(self, write: Callable[[IO[str]], None]) -> None:
        self._write = write

    @property
    def forked(self) -> bool:
        return False

    def write_into(self, fh: IO[str]) -> None:
        self._write(fh)

    def cancel(self) -> None:
        """Abandon the text (the parent failed): nothing is left behind."""


class _Forked(Deferred):
    def __init__(self, write: Callable[[IO[str]], None], pid: int, path: str) -> None:
        super().__init__(write)
        self._pid, self._path = pid, path
        self._owner = os.getpid()

    @property
    def forked(self) -> bool:
        return True

    def write_into(self, fh: IO[str]) -> None:
        ok = _exit_code(self._pid) == 0
        self._pid = 0
        try:
            if ok:
                _copy_text(self._path, fh)
                return
        finally:
            self.cancel()  # the child is gone: this removes its file
        # The child failed (out of disk or memory, killed): write the text here instead.
        self._write(fh)

    def cancel(self) -> None:
        if os.getpid() != self._owner:  # a copy in another forked child: not its child
            return
        if self._pid:
            with contextlib.suppress(OSError):
                os.kill(self._pid, 9)
                _exit_code(self._pid)
            self._pid = 0
        with contextlib.suppress(OSError):
            os.unlink(self._path)

    def __del__(self) -> None:
        # Dropped without being written (an error on the way, or the result was never
        # written): stop the child and remove its file.
        self.cancel()


def _copy_text(path: str, fh: IO[str]) -> None:
    """Append the UTF-8 text file ``path`` to ``fh``: as bytes into a UTF-8 file's buffer
    (hundreds of megabytes on a district: decoding and encoding them again costs seconds)."""
    buffer = getattr(fh, "buffer", None)
    encoding = getattr(fh, "encoding", None)
    if buffer is not None and encoding and codecs.lookup(encoding).name == "utf-8":
        fh.flush()  # what fh holds goes first
        with open(path, "rb") as data:
            shutil.copyfileobj(data, buffer, 1 << 22)
        return
    with open(path, encoding="utf-8") as text:
        shutil.copyfileobj(text, fh, 1 << 22)


def _exit_code(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def can_fork() -> bool:
    """Fork only where it is safe: Linux (macOS system libraries may abort in a forked
    child), and no other Python thread running (it could hold a lock the child needs)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def deferred_text(write: Callable[[IO[str]], None], *, fork: bool = True) -> Deferred:
    """Start writing a part of the output in a forked child (``write(out)`` on a temporary
    file), or prepare to write it inline when ``fork`` is false or forking is unsafe.

    Call :meth:`Deferred.write_into` where the text belongs, and :meth:`Deferred.cancel` if
    the output is abandoned before that.

    >>> import io
    >>> part = deferred_text(lambda out: out.write('"kept in order"'), fork=False)
    >>> fh = io.StringIO()
    >>> _ = fh.write("[")
    >>> part.write_into(fh)
    >>> _ = fh.write("]")
    >>> fh.getvalue()
    '["kept in order"]'
    """
    if not (fork and can_fork()):
        return Deferred(write)
    heap.trim()  # the child would keep private copies of the free pages this process reuses
    # A private file (mode 0600): the text holds the same sensitive data as the output.
    handle, path = tempfile.mkstemp(prefix="jejaring-part-", suffix=".json")
    os.close(handle)
    try:
        pid = os.fork()
    except OSError:
        os.unlink(path)
        return Deferred(write)
    if pid == 0:  # the child: write, then leave without running the parent's exit handlers
        code = 1
        try:
            # A collection would write to the header of every object it scans, copying the
            # parent's pages one by one; the child only formats, it makes no cycles.
            gc.disable()
            with open(path, "w", encoding="utf-8") as out:
                write(out)
            code = 0
        except BaseException:  # any failure: the parent writes the text itself
            pass
        finally:
            os._exit(code)
    return _Forked(write, pid, path)


class ForkedCall:
    """The result of a call made in a forked child (:func:`forked_call`); inline when the
    child could not be started or failed: the result is the same either way."""

    def __init__(self, compute: Callable[[], Any], pid: int = 0, path: str = "") -> None:
        self._compute, self._pid, self._path = compute, pid, path

    def result(self) -> Any:
        """Wait for the child and return what it computed (or compute it here)."""
        if self._pid:
            ok = _exit_code(self._pid) == 0
            self._pid = 0
            try:
                if ok:
                    with open(self._path, "rb") as fh:
                        return pickle.load(fh)
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(self._path)
        return self._compute()


def forked_call(compute: Callable[[], Any], *, fork: bool = True) -> ForkedCall:
    """Start ``compute()`` in a forked child where that is safe (see :func:`can_fork`); its
    result comes back pickled through a private temporary file.

    >>> forked_call(lambda: 6 * 7, fork=False).result()
    42
    """
    if not (fork and can_fork()):
        return ForkedCall(compute)
    heap.trim()  # see deferred_text
    handle, path = tempfile.mkstemp(prefix="jejaring-call-", suffix=".pickle")
    os.close(handle)
    try:
        pid = os.fork()
    except OSError:
        os.unlink(path)
        return ForkedCall(compute)
    if pid == 0:  # the child: compute, then leave without running the parent's exit handlers
        code = 1
        try:
            gc.disable()  # see deferred_text
            value = compute()
            with open(path, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        except BaseException:  # any failure: the parent computes it itself
            pass
        finally:
            os._exit(code)
    return ForkedCall(compute, pid, path)
