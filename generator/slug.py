"""Derive a project slug from a name written in any language."""

from __future__ import annotations

import re

from anyascii import anyascii

MAX_SLUG_LENGTH = 40


def derive_slug(project_name: str) -> str:
    """Transliterate to ASCII, then keep a valid Python identifier in snake case.

    Returns "" when nothing usable remains (a name of emoji, say): the candidate is
    then asked for a slug, as copier's validator says.
    """
    ascii_name = anyascii(project_name).lower()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_name)
    slug = re.sub(r"^[_0-9]+", "", slug)
    return slug[:MAX_SLUG_LENGTH].strip("_")
