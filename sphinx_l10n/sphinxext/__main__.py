"""sphinx-build with l10n's guard in the run: ``python -m sphinx_l10n.sphinxext [sphinx-build arguments]``.

`sphinx-l10n build` starts every Sphinx this way, so the guard on translated
content (sphinx_l10n.sphinxext.guard) and the run's record (sphinx_l10n.sphinxext.record)
are loaded whatever the project's conf.py lists: Sphinx loads its built-in
extensions into every application, and these are made two of them.

``python -m sphinx_l10n.sphinxext --serve`` is the same, warm: it imports Sphinx
once, then reads one JSON request per line ({"argv", "cwd", "env", "output",
"status"}) and forks a child that runs that sphinx-build, writes its output
to the file "output" and its exit status to the FIFO "status". `sphinx-l10n build`
uses it where the system can fork, sparing each run the import (about 0.4 s).
"""

import json
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any

BUILTIN = ("sphinx_l10n.sphinxext.guard", "sphinx_l10n.sphinxext.record")
CRASHED = 70  # the status of a child that died before it could tell its own (EX_SOFTWARE)


def _prepare() -> None:
    import sphinx.application

    missing = tuple(name for name in BUILTIN if name not in sphinx.application.builtin_extensions)
    sphinx.application.builtin_extensions = (*sphinx.application.builtin_extensions, *missing)


def main(argv: Sequence[str]) -> int:
    from sphinx.cmd.build import main as sphinx_build

    if list(argv) == ["--serve"]:
        return serve()
    _prepare()
    return sphinx_build(list(argv))


def serve() -> int:
    """Fork one child per request; the children are reaped by the system (SIGCHLD ignored)."""
    # What every run imports anyway: the builders, the reST parser, the environment.
    import docutils.parsers.rst  # noqa: F401
    import sphinx.builders.html
    import sphinx.builders.latex
    import sphinx.environment  # noqa: F401

    _prepare()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    for line in sys.stdin:
        request = json.loads(line)
        if os.fork() == 0:
            try:
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # Sphinx and its extensions wait for their own children
                _child(request)
            finally:
                os._exit(0)  # never back into the loop: one child, one run
    return 0


def _child(request: dict[str, Any]) -> None:
    from sphinx.cmd.build import main as sphinx_build

    status = CRASHED
    # Opened first: if this child dies, the FIFO closes empty and the caller reads "crashed".
    with open(request["status"], "w", encoding="utf-8") as report:
        try:
            os.chdir(request["cwd"])
            os.environ.clear()
            os.environ.update(request["env"])
            output = os.open(request["output"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
            os.dup2(output, 1)
            os.dup2(output, 2)
            status = sphinx_build(request["argv"])
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else CRASHED
        except BaseException:  # reported through the output file, as sphinx-build would
            import traceback

            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            report.write(str(status))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
