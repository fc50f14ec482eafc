"""sphinx-build with l10n's guard in the run: ``python -m sphinx_l10n.sphinxext [sphinx-build arguments]``.

`sphinx-l10n build` starts every Sphinx this way, so the guard on translated
content (sphinx_l10n.sphinxext.guard) and the run's record (sphinx_l10n.sphinxext.record)
are loaded whatever the project's conf.py lists: Sphinx loads its built-in
extensions into every application, and these are made two of them.

``python -m sphinx_l10n.sphinxext --serve`` is the same, warm: it imports Sphinx
once, then reads one JSON request per line ({"id", "argv", "cwd", "env",
"output"}) and forks a child that runs that sphinx-build with its output in
the file "output". The child ends as sphinx-build ends, by the interpreter's
normal exit (atexit handlers, multiprocessing's finalizers, non-daemon threads
joined); the server waits for it and writes "<id> <status>" on its standard
output (status: the exit status, or minus the signal that killed it). Nothing
a child starts inherits that pipe, so a process an extension leaves behind
cannot keep a run from ending. At the end of its input, the server waits for
its children, reports them, and exits. `sphinx-l10n build` uses it where the
system can fork, sparing each run the import (about 0.4 s).
"""

import contextlib
import gc
import json
import os
import select
import signal
import sys
from collections.abc import Sequence
from typing import Any

BUILTIN = ("sphinx_l10n.sphinxext.guard", "sphinx_l10n.sphinxext.record")
CRASHED = 70  # the status of a child that could not run Sphinx (EX_SOFTWARE)


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
    """Fork a child per request, wait for each and report its status. In a child, this returns
    the status of its run, and the child exits as the interpreter does."""
    _warm()
    reports = os.dup(1)
    _redirect(os.devnull, 1)  # a stray print of the server (or of an import) never reaches the reports
    wake, woken = _wake_on_child_exit()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the runs (they get it too), then `build` closes us
    # What the server holds, the children never collect: their exit (the interpreter's own, as
    # sphinx-build's) then costs about 0.05 s instead of 0.15, and the pages stay shared.
    gc.freeze()
    running: dict[int, str] = {}  # child pid -> request id
    pending, reading = b"", True
    while reading or running:
        ready, _, _ = select.select([0, wake] if reading else [wake], [], [])
        if wake in ready:
            _drain(wake)
        if 0 in ready:
            chunk = os.read(0, 1 << 16)
            reading = bool(chunk)
            *lines, pending = (pending + chunk).split(b"\n")
            for line in filter(None, lines):
                request = json.loads(line)
                sys.stdout.flush()
                sys.stderr.flush()
                pid = os.fork()
                if pid == 0:
                    return _child(request, inherited=(reports, wake, woken))
                running[pid] = str(request["id"])
        _reap(running, reports)
    return 0


def _warm() -> None:
    """Import what every run imports anyway: the builders, the reST parser, the environment."""
    import docutils.parsers.rst  # noqa: F401
    import sphinx.builders.html
    import sphinx.builders.latex
    import sphinx.environment  # noqa: F401

    _prepare()


def _wake_on_child_exit() -> tuple[int, int]:
    """A pipe SIGCHLD writes a byte into: select then returns, and the server reaps."""
    wake, woken = os.pipe()
    os.set_blocking(wake, False)
    os.set_blocking(woken, False)
    signal.signal(signal.SIGCHLD, lambda number, frame: None)
    signal.set_wakeup_fd(woken)
    return wake, woken


def _drain(fd: int) -> None:
    with contextlib.suppress(BlockingIOError):
        while os.read(fd, 512):
            pass


def _reap(running: dict[int, str], reports: int) -> None:
    """Report each child that ended (its exit status, or minus its signal)."""
    for pid in list(running):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            os.write(reports, f"{running.pop(pid)} {os.waitstatus_to_exitcode(status)}\n".encode())


def _redirect(path: str, *fds: int, flags: int = os.O_WRONLY) -> None:
    opened = os.open(path, flags, 0o666)
    for fd in fds:
        os.dup2(opened, fd)
    os.close(opened)


def _child(request: dict[str, Any], inherited: Sequence[int]) -> int:
    """Run one sphinx-build; its status, which the child exits with."""
    from sphinx.cmd.build import main as sphinx_build

    # First of all, let go of the server's pipes and signals: what this run starts inherits none.
    signal.set_wakeup_fd(-1)
    for fd in inherited:
        os.close(fd)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # Sphinx and its extensions wait for their own children
    signal.signal(signal.SIGINT, signal.default_int_handler)
    _redirect(os.devnull, 0, flags=os.O_RDONLY)
    try:
        _redirect(request["output"], 1, 2, flags=os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    except OSError:
        return CRASHED
    try:
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        return int(sphinx_build(request["argv"]))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else CRASHED
    except BaseException:  # reported through the output file, as sphinx-build would
        import traceback

        traceback.print_exc()
        return CRASHED


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
