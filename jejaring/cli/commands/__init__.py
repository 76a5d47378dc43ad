"""Subcommand modules of the ``jejaring`` command (one module per command)."""
