"""``jejaring snapshot --due``: what a cron job or worker runs."""

from __future__ import annotations

from jejaring.cli.tests.test_commands import jejaring


def test_snapshot_due_takes_the_scheduled_ones_once(tmp_path):
    assert jejaring("demo", data_dir=tmp_path).returncode == 0
    # The demo's schedule is every 30 days and its last monthly snapshot is 30 days old.
    first = jejaring("snapshot", "--due", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "1 scheduled snapshot(s) taken." in first.stdout
    again = jejaring("snapshot", "--due", data_dir=tmp_path)
    assert "0 scheduled snapshot(s) taken." in again.stdout
    bad = jejaring("snapshot", data_dir=tmp_path)
    assert bad.returncode != 0
