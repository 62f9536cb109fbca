"""Jinja filters that copier has and cookiecutter lacks, for an exported template.

copier renders with the jinja2-ansible-filters extension; cookiecutter does not load it.
`takehome export cookiecutter` copies this file, as it is, next to each exported
`cookiecutter.json`, which names it in `_extensions`: cookiecutter and cruft then import
it from the template folder. It needs nothing but Jinja, and gives the filters the
takehome templates use the same results as copier's (tests/test_export_filters.py
compares them).
"""

from __future__ import annotations

import re

from jinja2 import Environment
from jinja2.ext import Extension

REJECTED_FOLDER = ".takehome-rejected"
"""Where cookiecutter generates when the slug is not a folder name; the hook then fails."""


def regex_replace(
    value: object = "", pattern: str = "", replacement: str = "", ignorecase: bool = False
) -> str:
    """Every match of `pattern` replaced, as `re.sub` does."""
    return re.sub(pattern, replacement, str(value), flags=re.IGNORECASE if ignorecase else 0)


def regex_search(
    value: str, regex: str, *groups: str, ignorecase: bool = False, multiline: bool = False
) -> str | list[str] | None:
    """The first match; with `'\\1'` or `'\\g<name>'` arguments, those groups of it."""
    wanted: list[int | str] = []
    for group in groups:
        named = re.fullmatch(r"\\g<(\S+)>", group)
        numbered = re.fullmatch(r"\\(\d+)", group)
        if not (named or numbered):
            raise ValueError(f"regex_search: unknown argument {group!r}")
        wanted.append(named[1] if named else int(numbered[1]))  # type: ignore[index]
    flags = (re.IGNORECASE if ignorecase else 0) | (re.MULTILINE if multiline else 0)
    match = re.search(regex, value, flags)
    if match is None:
        return None
    return [match.group(group) for group in wanted] if wanted else match.group()


def regex_findall(
    value: str, regex: str, multiline: bool = False, ignorecase: bool = False
) -> list[str | tuple[str, ...]]:
    """Every match, as `re.findall` gives them."""
    flags = (re.IGNORECASE if ignorecase else 0) | (re.MULTILINE if multiline else 0)
    return re.findall(regex, value, flags)


def regex_escape(value: str, re_type: str = "python") -> str:
    """`value` with every regular-expression character escaped."""
    if re_type != "python":
        raise ValueError(f"regex_escape: only re_type='python' is supported, not {re_type!r}")
    return re.escape(value)


def ternary(value: object, true_val: object, false_val: object, none_val: object = None) -> object:
    """`true_val` if `value` is truthy, else `false_val` (`none_val` for None, if given)."""
    if value is None and none_val is not None:
        return none_val
    return true_val if value else false_val


def project_folder(slug: str) -> str:
    """The slug when it is one plain folder name; else a throw-away folder the hook removes.

    cookiecutter creates the project folder before its pre-generation hook runs: a slug
    such as "", ".." or "a/b" would otherwise fail with another message or leave folders
    behind, where copier refuses it with its validator's message and writes nothing.
    """
    plain = slug not in {"", ".", ".."} and not set(slug) & {"/", "\\", "\0"}
    return slug if plain else REJECTED_FOLDER


COPIER_FILTERS = {
    "regex_replace": regex_replace,
    "regex_search": regex_search,
    "regex_findall": regex_findall,
    "regex_escape": regex_escape,
    "ternary": ternary,
}
"""copier's filters (from jinja2-ansible-filters) that an exported template may use."""


class CopierFilters(Extension):
    """Registers copier's filters, and `project_folder` for the project folder's name."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters.update(COPIER_FILTERS)
        environment.filters["project_folder"] = project_folder
