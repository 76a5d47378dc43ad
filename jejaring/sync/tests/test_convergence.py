"""Property: random edits and syncs between three installations converge (hypothesis)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.slow
def test_three_installations_converge(tmp_path):
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "JEJARING_DATA_DIR": str(tmp_path),
        "SYNC_EXAMPLES": os.environ.get("SYNC_EXAMPLES", "25"),
    }
    env.pop("DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-m", "jejaring.sync.tests.convergence"],
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-6000:]
    assert "converged" in out.stdout
