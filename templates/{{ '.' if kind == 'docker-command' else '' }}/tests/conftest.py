"""Fixtures shared by the app tests and the container tests."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def project() -> Path:
    """The root of this project (where the Dockerfile and compose.yaml are)."""
    return PROJECT
