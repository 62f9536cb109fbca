"""The test suite is a package so that its two conftest modules get distinct names."""
