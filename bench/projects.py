"""The real Sphinx projects of ../shared/projects, copied and made to run offline, for the benchmarks.

Each project gets a venv of its own under bench/ (its requirements, sphinx-intl as
the baseline, and the sphinx-l10n wheel built from this checkout), and each run works
on a fresh copy: the originals are read-only.

Offline: archivematica-docs' conf.py fetches its intersphinx mapping and its
extlinks from gists while it loads. In the copy, those two `urlopen(...)` calls
read local files instead (bench/data/archivematica-*.json): no intersphinx
inventories (the gettext builder resolves no references) and the one extlink
role its sources use, `:issue:`. fpm-docs' conf.py downloads the fpm registry
into _data/registry.json unless that file exists: the copy has it, as `{}`
(nothing in the pages reads it). packaging-python-org's conf.py maps 28
intersphinx inventories: offline, each fetch fails at once (its host name does
not resolve) with one warning each, its templates are the same as with no
mapping (msgids do not resolve references) and the gettext build takes as long
(11 s either way), so its copy is left as it is. A network that drops packets
instead of refusing them would make each fetch wait; bench/adopt.py's step
timeout reports that as TIMEOUT. Nothing else in any project is changed.
"""

import dataclasses
import json
import os
import pathlib
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared" / "projects"
# name: (folder of conf.py, requirements file)
PROJECTS = {
    "doma-docs": ("docs", "docs/requirements.txt"),
    "fpm-docs": ("pages", "requirements.txt"),
    "archivematica-docs": (".", "requirements.txt"),
    "packaging-python-org": ("source", "requirements.txt"),
}
_OFFLINE = {
    "archivematica-docs": [
        ("response = urlopen(inventory)\nintersphinx_mapping",
         f"response = open({str(HERE / 'data' / 'archivematica-intersphinx.json')!r})\nintersphinx_mapping"),
        ("response = urlopen(inventory)\nextlinks",
         f"response = open({str(HERE / 'data' / 'archivematica-extlinks.json')!r})\nextlinks"),
    ],
}

_LOCAL_FILES = {"fpm-docs": [("_data/registry.json", "{}\n")]}


def copy(name: str, into: pathlib.Path) -> pathlib.Path:
    """A fresh copy of the project, its network fetches replaced by local files."""
    target = into / name
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(SHARED / name, target, symlinks=True, ignore=shutil.ignore_patterns(".git"))
    for path in [target, *target.rglob("*")]:  # the originals are read-only; a maintainer's clone is not
        if not path.is_symlink():
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
    for relative, content in _LOCAL_FILES.get(name, []):
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        (target / relative).write_text(content, encoding="utf-8")
    conf = target / PROJECTS[name][0] / "conf.py"
    text = conf.read_text(encoding="utf-8")
    for old, new in _OFFLINE.get(name, []):
        if old not in text:
            raise SystemExit(f"{conf}: the fetch to replace is not there any more: {old.splitlines()[0]}")
        text = text.replace(old, new)
    conf.write_text(text, encoding="utf-8")
    return target


def locale_folder(project: pathlib.Path) -> pathlib.Path:
    """The project's catalogs folder: the parent of its <lang>/LC_MESSAGES folders."""
    return next(path.parent.parent.parent for path in sorted(project.rglob("LC_MESSAGES/*.po")))


def haystack(texts: list[str]) -> str:
    """A language's msgstrs and translator comments after an update, for kept(): whitespace as one space."""
    return "\0".join(" ".join(text.split()) for text in texts)


def kept(translation: str, texts: str) -> bool:
    """Whether a translation is still in texts (a haystack()), whole or sentence by sentence: an
    update may keep a sentence in the msgstr and the translation of removed source text in a
    translator comment. Whitespace (line wrapping) aside."""
    sentences = (" ".join(part.split()) for part in _SENTENCE_END.split(translation))
    return all(sentence in texts for sentence in sentences if sentence)


_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|(?<=[。！？；：])")


def settings(bin_dir: pathlib.Path, docs: pathlib.Path, timeout: float | None = 600) -> dict:
    """What sphinx-l10n (of the venv) reads of the project in docs: its source language, the languages
    it declares (or finds), the folders of its catalogs, templates and builds. RuntimeError if it cannot."""
    code = ("import json; from sphinx_l10n import config; c = config.load('.'); print(json.dumps(dict("
            "source_language=c.source_language, languages=list(c.languages), locale_dir=str(c.locale_dir), "
            "pot_dir=str(c.pot_dir), build_dir=str(c.build_dir), source_dir=str(c.source_dir), conf_dir=str(c.conf_dir))))")
    done = run([str(bin_dir / "python"), "-c", code], docs, timeout)
    try:
        found = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
        raise RuntimeError(f"sphinx_l10n.config.load failed: {lines[-1] if lines else done.returncode}") from None
    folders = ("locale_dir", "pot_dir", "build_dir", "source_dir", "conf_dir")
    return {**found, **{key: pathlib.Path(found[key]) for key in folders}}


def wheel() -> pathlib.Path:
    """The sphinx-l10n wheel of this checkout, built once per run from a copy (setuptools writes
    build/ and *.egg-info where it builds, and build/ is the project's own)."""
    out = HERE / ".wheel"
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.TemporaryDirectory() as folder:
        source = pathlib.Path(folder) / "l10n"
        shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
            ".git", "build", ".venv*", ".wheel", "__pycache__", "*.egg-info", "artifacts"))
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(source)],
                       check=True)
    return next(out.glob("sphinx_l10n-*.whl"))


def venv(name: str, wheel_path: pathlib.Path, *, fresh: bool = False, timeout: float | None = None) -> pathlib.Path:
    """bench/.venv-<name>: the project's requirements, sphinx-intl and the sphinx-l10n wheel; its bin
    folder. A pip that fails (or outlasts timeout, each) raises subprocess.CalledProcessError."""
    folder = HERE / f".venv-{name}"
    if fresh:
        shutil.rmtree(folder, ignore_errors=True)
    pip = folder / "bin" / "pip"
    commands = []
    if not pip.exists():
        shutil.rmtree(folder, ignore_errors=True)  # a venv whose install was cut short
        requirements = SHARED / name / PROJECTS[name][1]
        commands += [[sys.executable, "-m", "venv", str(folder)],
                     [str(pip), "install", "--quiet", "-r", str(requirements), "sphinx-intl"]]
    commands += [[str(pip), "install", "--quiet", "--force-reinstall", "--no-deps", str(wheel_path)],
                 [str(pip), "install", "--quiet", str(wheel_path)]]  # its dependencies, if missing
    for command in commands:
        done = run(command, HERE, timeout)
        if done.returncode != 0:
            if command[1:3] == ["install", "--quiet"] and "-r" in command:
                shutil.rmtree(folder, ignore_errors=True)  # not a venv to --reuse
            raise subprocess.CalledProcessError(-1 if done.returncode is None else done.returncode, command,
                                                done.stdout, done.stderr)
    return folder / "bin"


@dataclasses.dataclass
class Done:
    """A command run to its end, or killed: returncode None when it outlasted its timeout."""

    returncode: int | None
    stdout: str
    stderr: str
    seconds: float
    left_running: bool = False  # it exited, but left processes running in its group (killed since)


def run(command: list[str], cwd: pathlib.Path, timeout: float | None, env: dict[str, str] | None = None) -> Done:
    """command in a session of its own; past timeout seconds, its whole process group is killed
    (SIGTERM, then SIGKILL), so a hang is reported and leaves no process behind. So is whatever
    it left running when it exited (its output goes to files, so such a process cannot hold it up)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                   start_new_session=True)
        left_running = False
        try:
            returncode: int | None = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            returncode = None
            _kill_group(process)
        except BaseException:  # ^C: nothing left running
            _kill_group(process)
            raise
        else:
            left_running = _kill_group(process, grace=0)
        process.wait()
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        return Done(returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"), seconds,
                    left_running)


def stop_cleanly() -> None:
    """^C and SIGTERM raise in the benchmark (even started in the background, where ^C is ignored), so
    run() kills the process group of the step under way before the benchmark ends."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))


def _kill_group(process: subprocess.Popen, grace: float = 5.0) -> bool:
    """SIGTERM to the process group of process (a session leader), SIGKILL to what is left after grace
    seconds (at once if grace is 0). Whether there was anything to kill."""
    for index, sig in enumerate((signal.SIGTERM, signal.SIGKILL) if grace else (signal.SIGKILL,)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return index > 0  # the group was empty at the first signal: nothing to kill
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            process.poll()  # reaped, the leader is gone from the group (a zombie would still be in it)
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                return True
            time.sleep(0.1)
    return True
