"""Where the real network data sets used by tests, benchmarks and developer tools live.

They are not shipped in the package (the Karnataka data's license is not stated), so they are
looked for beside the repository: ``JEJARING_SHARED_DATA`` when set, else ``../shared/data``
next to the checkout, else ``/work/shared/data``. Pure Python: the engine's tests use it too.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def shared_data_dir() -> Path | None:
    """The folder holding the data sets, or None when none of the places has it."""
    candidates = []
    if os.environ.get("JEJARING_SHARED_DATA"):
        candidates.append(Path(os.environ["JEJARING_SHARED_DATA"]))
    candidates += [REPO.parent / "shared" / "data", Path("/work/shared/data")]
    for path in candidates:
        if path.is_dir():
            return path
    return None


def shared_data(name: str = "") -> Path:
    """``<shared data>/<name>``; the path may not exist (callers check and skip)."""
    base = shared_data_dir() or REPO.parent / "shared" / "data"
    return base / name if name else base
