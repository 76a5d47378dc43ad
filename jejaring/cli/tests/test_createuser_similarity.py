"""``createuser`` refuses a password that is little more than the login name."""

from __future__ import annotations

from jejaring.cli.tests.test_commands import jejaring


def test_createuser_refuses_a_password_like_the_login_name(tmp_path):
    # Long and uncommon enough for the other validators: only the similarity check refuses it.
    result = jejaring(
        "createuser", "sitirahayu", "--password-stdin", data_dir=tmp_path, stdin="sitirahayu\n"
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "similar" in result.stderr.lower() or "mirip" in result.stderr.lower()
