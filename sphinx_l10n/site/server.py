"""The warm Sphinx server of `sphinx-l10n build`, started as soon as the command line is read.

The server (``python -m sphinx_l10n.sphinxext --serve``) imports Sphinx, about 0.4 s, before
its first run. Started here, before sphinx-l10n itself has loaded, that import overlaps
sphinx-l10n's own start-up and the catalogs' compiling; the build takes it over
(sphinx_l10n.site.runner.WarmSphinx), and one that no build takes (nothing to build, an input error)
is stopped at exit: it has run nothing. Imports nothing of sphinx-l10n.
"""

import atexit
import os
import subprocess
import sys
from collections.abc import Sequence

EXTENSION = "sphinx_l10n.sphinxext"
# The command line's options that take a value, before the command's name.
_WITH_VALUE = ("--project", "--build-dir")
_early: "subprocess.Popen[bytes] | None" = None


def start() -> "subprocess.Popen[bytes]":
    return subprocess.Popen([sys.executable, "-m", EXTENSION, "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def start_early(argv: Sequence[str]) -> None:
    """Start the server now if argv runs `build` (where the system can fork: the server forks a run)."""
    global _early
    if _early is None and hasattr(os, "fork") and _command(argv) == "build":
        _early = start()
        atexit.register(discard)


def take() -> "subprocess.Popen[bytes] | None":
    """The server started early, now the caller's to run and to end; None if there is none."""
    global _early
    server, _early = _early, None
    return server


def discard() -> None:
    """Stop a server started early that no build took: it has run nothing, and waits for nothing."""
    server = take()
    if server is not None:
        server.kill()
        server.wait()
        for stream in (server.stdin, server.stdout):
            if stream is not None:
                stream.close()


def _command(argv: Sequence[str]) -> str:
    """The command's name in argv (its first word that is neither an option nor an option's value)."""
    words = iter(argv)
    for word in words:
        if word in _WITH_VALUE:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return ""
