"""The container's HEALTHCHECK and `make smoke`: GET a URL, exit 0 only on HTTP 200.

The slim base image has no curl; the Python it already has does the job.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request
from collections.abc import Sequence

TIMEOUT_SECONDS = 2.0


def probe(url: str, timeout: float = TIMEOUT_SECONDS) -> str | None:
    """Why the URL is not healthy, or None when it answers 200."""
    if not url.startswith(("http://", "https://")):
        return f"{url!r} is not an http(s) URL"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (scheme checked)
            return None if response.status == 200 else f"{url} answered {response.status}"
    except urllib.error.HTTPError as error:
        return f"{url} answered {error.code}: {error.read().decode(errors='replace')}"
    except OSError as error:  # URLError, refused connections and timeouts alike
        return f"{url} did not answer: {error}"


def main(argv: Sequence[str] | None = None) -> int:
    """Probe each URL given, or this container's own /healthz."""
    urls = list(sys.argv[1:] if argv is None else argv)
    if not urls:
        urls = [f"http://127.0.0.1:{os.environ.get('PORT', '8080')}/healthz"]
    problems = [problem for url in urls if (problem := probe(url))]
    for problem in problems:
        print(f"unhealthy: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
