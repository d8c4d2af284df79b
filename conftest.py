"""Root pytest setup: every test run, notebooks included, uses a throw-away store.

This file sits at the repository root so it applies whether pytest collects
tests/, notebooks/ or exercises/; kernels started by nbval inherit the
environment set here, so no test ever writes to a user's own answer store.
"""

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings

# One Hypothesis profile for every property test: no wall-clock deadline (a busy machine, CI among
# them, made property tests fail with DeadlineExceeded and pass on a rerun), and in CI the same
# examples every run, so a failure there can be reproduced.
settings.register_profile("svkit", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("svkit-ci", parent=settings.get_profile("svkit"), derandomize=True)
settings.load_profile("svkit-ci" if os.environ.get("CI") else "svkit")


def pytest_configure(config):
    scratch = Path(tempfile.mkdtemp(prefix="svkit-test-"))
    os.environ["SVKIT_DB_URL"] = f"sqlite:///{scratch / 'answers.db'}"
    os.environ["SVKIT_TEST_SCRATCH"] = str(scratch)
    os.environ.setdefault("MPLBACKEND", "Agg")
