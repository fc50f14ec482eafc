"""Running Sphinx: its command line, what made a run fail (in one line), a run as a process of its
own or on the warm server, and how many runs go at once."""

import contextlib
import json
import os
import pathlib
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import IO, Any

from sphinx_l10n.config import Config
from sphinx_l10n.safety import UNSAFE_REFUSED
from sphinx_l10n.site import server

# sphinx_l10n.sphinxext.record writes what a run read into the file this variable names (not
# imported: the commands know no extension).


# sphinx_l10n.sphinxext.record writes what a run read into the file this variable names (not
# imported: the commands know no extension).
RECORD = "L10N_RECORD"


REREAD = "L10N_REREAD"  # and reads again the documents of the files this one names


PROGRESS = "L10N_PROGRESS"  # and writes what the run is doing (reading, writing) into this one


# The extension, as conf.py lists it and as `python -m` runs sphinx-build with its guard (never imported here).
EXTENSION = server.EXTENSION


def sphinx_command(config: Config, builder: str, outdir: pathlib.Path, *, lang: str | None = None,
                   doctrees: pathlib.Path | None = None, options: Sequence[str] = ()) -> list[str]:
    # sphinx-build, with the guard on translated content loaded whatever conf.py lists;
    # no colour even under FORCE_COLOR, since l10n reads Sphinx's lines back.
    # -T: a crash's traceback in full, for sphinx_failure to tell where it was raised.
    command = [sys.executable, "-m", EXTENSION, "-b", builder, "-c", str(config.conf_dir), "-q", "--no-color",
               "-T"]
    if lang is not None:
        command += ["-D", f"language={lang}"]
    if doctrees is not None:
        command += ["-d", str(doctrees)]
    command += [*options, str(config.source_dir), str(outdir)]
    return command


# Sphinx's report of a crash: "Extension error!", "Extension error (name):", then (under -T,
# which sphinx_command gives) Python's traceback, the cause's first.
_CRASH_TITLE = re.compile(r"^(\w[\w ]* error(?: \([\w.-]+\))?|Exception occurred)[!:]$", re.IGNORECASE)


_EXCEPTION_LINE = re.compile(r"^\s*([\w.]*(?:Error|Exception|Interrupt|Exit)): (.+)$")


_TRACEBACK = re.compile(r"^\s*Traceback \(most recent call last\):$")


_FRAME = re.compile(r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+)')


_CHAINED = ("The above exception was the direct cause", "During handling of the above exception")


def sphinx_failure(output: str, status: int) -> str:
    """What made Sphinx fail, in one line: the guard's refusal, else its first error, else the
    exception of its crash (an extension or theme that broke: where it was raised, and its own
    message), else its first warning (under -W), else its last line."""
    lines = [line for line in output.splitlines() if line.strip()]

    def first(level: str) -> str | None:
        found = [line for line in lines if level in line]
        return found[0] + (f" (and {len(found) - 1} more)" if len(found) > 1 else "") if found else None

    # The guard's refusals first: they, not a markup error, are why a language fails.
    for level in (f": ERROR: {UNSAFE_REFUSED}: ", ": ERROR: ", ": CRITICAL: "):
        if found := first(level):
            return found
    title = next((line.rstrip("!:") for line in lines if _CRASH_TITLE.match(line)), None)
    title = None if title == "Exception occurred" else title  # Sphinx 5's title for any exception: says nothing
    # 1 is the status of warnings turned into errors: a traceback then is a warning's (autodoc's).
    crash = _crash(output.splitlines()) if status not in (0, 1) else None
    if crash is not None:
        where, exception = crash
        return f"{where}: {title + ': ' if title else ''}{exception}"
    exceptions = [m for m in map(_EXCEPTION_LINE.match, lines) if m]
    if title and exceptions:
        name, message = exceptions[-1].groups()
        return f"{title}: {name.rpartition('.')[2]}: {_shortened(message)}"
    return first(": WARNING: ") or (lines[-1] if lines else f"exit status {status}")


def _crash(lines: list[str]) -> tuple[str, str] | None:
    """The first cause in the last chain of tracebacks of Sphinx's output: its deepest frame in
    code that is not Python's own (file:line), and its exception ("KeyError: 'x'"); None without
    a traceback. An earlier chain is a warning's (autodoc's), not the crash's."""
    cause = previous = None
    for number, line in enumerate(lines):
        if _TRACEBACK.match(line):
            chained = previous is not None and any(text.strip().startswith(_CHAINED) for text in lines[previous:number])
            cause = cause if chained else number
            previous = number
    return _traceback_end(lines, cause) if cause is not None else None


def _traceback_end(lines: list[str], start: int) -> tuple[str, str] | None:
    """The traceback at lines[start]: where its exception was raised, and the exception."""
    margin = len(lines[start]) - len(lines[start].lstrip())
    frames: list[str] = []
    for line in lines[start + 1:]:
        if (match := _FRAME.match(line)) is not None:
            frames.append(f"{match['file']}:{match['line']}")
        elif line.strip() and len(line) - len(line.lstrip()) <= margin:  # back at the margin: the exception
            name, _, message = line.strip().partition(": ")
            own = [frame for frame in frames if not _python_own(frame.rpartition(":")[0])] or frames
            name = name.rpartition(".")[2]
            return own[-1] if own else "sphinx-build", f"{name}: {_shortened(message)}" if message else name
    return None


def _python_own(file: str) -> bool:
    """A frame of Python itself (<frozen importlib._bootstrap>, the standard library): never where
    a project or an extension went wrong."""
    import sysconfig

    paths = sysconfig.get_paths()
    inside = [paths[name] + os.sep for name in ("stdlib", "platstdlib")]
    installed = [paths[name] + os.sep for name in ("purelib", "platlib")]  # site-packages may lie in stdlib
    return file.startswith("<") or (file.startswith(tuple(inside)) and not file.startswith(tuple(installed)))


def _shortened(message: str) -> str:
    message = " ".join(message.split())
    return message if len(message) <= 200 else message[:199] + "…"


def run_sphinx(command: Sequence[str], cwd: pathlib.Path, env: dict[str, str], output: pathlib.Path) -> tuple[int, str]:
    """Run a sphinx-build command line as a process of its own: its exit status (minus the signal
    that killed it) and output. The output goes to a file, not a pipe: a process that an extension
    leaves behind inherits the file, and cannot keep the run from ending as a pipe's reader would."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(output, "wb") as file:
        status = subprocess.run(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=file,
                                stderr=subprocess.STDOUT).returncode
    return status, output.read_text(encoding="utf-8", errors="replace")


class WarmSphinx:
    """One `python -m sphinx_l10n.sphinxext --serve` for a build: each Sphinx run is a fork of a process
    that has imported Sphinx already (sphinx_l10n.sphinxext.__main__), which reports each run's exit
    status on its standard output when the run has ended. Where the system cannot fork, or the
    server is gone, each run is a process of its own."""

    def __init__(self) -> None:
        self._server: subprocess.Popen[bytes] | None = None
        self._reader: threading.Thread | None = None
        self._writing = threading.Lock()
        self._reported = threading.Condition()
        self._statuses: dict[str, int] = {}  # run id -> exit status, as the server reported them
        self._ended = False  # the server's reports ended: a run it did not report crashed
        self._count = 0

    def _started(self) -> subprocess.Popen[bytes] | None:
        """The warm server, started at the first run (a build with nothing to do starts none);
        None where the system cannot fork or the server is gone."""
        if self._server is None and hasattr(os, "fork"):
            self._server = server.take() or server.start()
            self._reader = threading.Thread(target=self._read_reports, args=(self._server.stdout,), daemon=True)
            self._reader.start()
        return self._server if self._server is not None and not self._ended else None

    def _read_reports(self, reports: IO[bytes]) -> None:
        for line in reports:
            run, _, status = line.decode().partition(" ")
            with self._reported:
                self._statuses[run] = int(status)
                self._reported.notify_all()
        with self._reported:  # the server is gone: no run still waiting will hear from it
            self._ended = True
            self._reported.notify_all()

    def warm(self) -> None:
        """Start the server now, ahead of the first run."""
        with self._writing:
            self._started()

    def __call__(self, command: list[str], cwd: pathlib.Path, env: dict[str, str], output: pathlib.Path) -> tuple[int, str]:
        """Run the sphinx-build command line of sphinx_command: its exit status (minus the
        signal that killed it) and output."""
        with self._writing:
            server = self._started()
            if server is not None:
                assert server.stdin is not None
                self._count += 1
                run = str(self._count)
                request = {"id": run, "argv": command[3:], "cwd": str(cwd), "env": env, "output": str(output)}
                try:
                    server.stdin.write(json.dumps(request).encode() + b"\n")
                    server.stdin.flush()
                except OSError:  # the server died since: this run is a process of its own
                    server = None
        if server is None:
            return run_sphinx(command, cwd, env, output)
        with self._reported:
            self._reported.wait_for(lambda: run in self._statuses or self._ended)
            if run not in self._statuses:
                return CRASHED, "the warm Sphinx server died before this run ended (was it killed?)"
            status = self._statuses.pop(run)
        return status, output.read_text(encoding="utf-8", errors="replace") if output.is_file() else ""

    def close(self) -> None:
        """End the server once its runs have ended; every process it started is then reaped."""
        if self._server is not None:
            assert self._server.stdin is not None and self._server.stdout is not None
            with contextlib.suppress(OSError):
                self._server.stdin.close()
            self._server.wait()
            if self._reader is not None:
                self._reader.join()
            self._server.stdout.close()


CRASHED = 70  # a Sphinx run whose server died before it reported how the run ended


class Slots:
    """At most ``jobs`` Sphinx or LaTeX runs at once. Each language has a thread that waits for a
    slot before each of its runs: a language's LaTeX run then overlaps another's Sphinx runs,
    and the last languages of a build do not leave cores idle."""

    def __init__(self, jobs: int) -> None:
        self._semaphore = threading.BoundedSemaphore(jobs)
        self.busy = threading.local()  # seconds each thread spent running, not waiting

    def run(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with self._semaphore:
            start = time.monotonic()
            try:
                return function(*args, **kwargs)
            finally:
                self.busy.seconds = getattr(self.busy, "seconds", 0.0) + time.monotonic() - start
