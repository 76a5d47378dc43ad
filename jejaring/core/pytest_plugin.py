"""Loaded first by pytest (``-p jejaring.core.pytest_plugin`` in pyproject): gives the test run a
data folder of its own and fast password hashing, before Django reads its settings."""

import os
import tempfile

os.environ.setdefault("JEJARING_DATA_DIR", tempfile.mkdtemp(prefix="jejaring-test-"))
os.environ.setdefault("JEJARING_FAST_PASSWORDS", "1")
# Pages compute the analysis in the request (tests that check background refresh turn it on).
os.environ.setdefault("JEJARING_ANALYSIS_IN_BACKGROUND", "0")

# Like the install, the test run compiles the message catalogues (.po → .mo) first.
from jejaring.core.i18n import compile_catalogues

compile_catalogues()
