"""The bodies of the cookiecutter hooks an export ships (plain Python, copied as text)."""
