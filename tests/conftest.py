from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# No test asserts elapsed time, hypothesis' per-example deadline included: CI runs on a
# shared 2-core machine that may be busy, where a slow example is not a failure.
settings.register_profile("factcheck", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("factcheck")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return FIXTURES / "corpus"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return ROOT / "seeds"
