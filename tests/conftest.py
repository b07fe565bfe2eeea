"""Shared test settings and fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
#: IANA's XML, present on developers' machines and in CI, never on users' machines.
SHARED_XML = ROOT.parent / "shared" / "iana" / "service-names-port-numbers.xml"

# Lookups decode records lazily, so the first examples of a run are slower than the
# rest: a deadline would flake on that, not on anything worth catching.
settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=200
)
settings.register_profile("thorough", parent=settings.get_profile("default"), max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def shared_xml() -> Path:
    """The path of IANA's XML; the test is skipped where it is absent."""
    if not SHARED_XML.is_file():
        pytest.skip(f"IANA's XML is not available at {SHARED_XML}")
    return SHARED_XML
