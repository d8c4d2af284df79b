"""Root pytest setup: every test run, notebooks included, uses a throw-away store.

This file sits at the repository root so it applies whether pytest collects
tests/, notebooks/ or exercises/; kernels started by nbval inherit the
environment set here, so no test ever writes to a user's own answer store.
"""

import os
import tempfile
from pathlib import Path


def pytest_configure(config):
    scratch = Path(tempfile.mkdtemp(prefix="svkit-test-"))
    os.environ["SVKIT_DB_URL"] = f"sqlite:///{scratch / 'answers.db'}"
    os.environ["SVKIT_TEST_SCRATCH"] = str(scratch)
    os.environ.setdefault("MPLBACKEND", "Agg")
