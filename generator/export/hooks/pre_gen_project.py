"""Refuse the answers copier would refuse, with copier's message (cookiecutter hook).

`takehome export cookiecutter` writes this body below copier's validators, which
cookiecutter has just rendered with the answers: an empty result means the answer is
valid. cookiecutter runs the hook before it writes any file, and removes the project
folder when the hook fails, so a refused answer leaves nothing behind.
"""

import json
import sys


def first_failure(results: list[tuple[str, str]]) -> str | None:
    """copier's message for the first question, in copier.yml's order, that is refused."""
    for question, message in results:
        if message.strip():
            return f"Validation error for question '{question}': {message.strip()}"
    return None


def main(rendered: list[tuple[str, str]]) -> int:
    """Each rendered validator arrives as JSON text, so no answer can break this file."""
    failure = first_failure([(question, json.loads(text)) for question, text in rendered])
    if failure:
        print(failure, file=sys.stderr)
        return 1
    return 0
