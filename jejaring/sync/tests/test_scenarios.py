"""Sync scenarios on three installations (jejaring/sync/tests/scenarios.py), each in a fresh
process: edit against deletion and what a deletion takes along, the village's own fields,
the server's sync file holding only changes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from jejaring.sync.tests.scenarios import SCENARIOS

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_scenario(name, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "JEJARING_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-m", "jejaring.sync.tests.scenarios", name],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-6000:]
    assert f"ok {name}" in out.stdout
