"""Tests of the generated service; fixtures are in conftest.py."""
