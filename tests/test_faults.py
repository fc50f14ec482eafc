"""Commands never lose work: faulty environments, file systems and races, kills mid-write, a mutated merge.

Each fault gets one line naming what and where, exit status 2, and the
other files still processed; no catalog is ever torn, and a save by
someone else is never overwritten.
"""

import os
import random
import resource
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time

import pytest
from conftest import ROOT, copy_project, l10n

from l10n import L10nError, catalogs

GOOD = ROOT / "locales" / "en" / "LC_MESSAGES" / "index.po"


def _one_line(result, where):
    """The single error line naming where; no traceback."""
    lines = [line for line in (result.stdout + result.stderr).splitlines() if str(where) in line]
    assert lines and "Traceback" not in result.stderr, result.stdout + result.stderr
    return lines[0]


def _rewrapped(path):
    """A valid catalog in a layout format must change: every string on one line."""
    po = catalogs.load(path)
    po.wrapwidth = 0
    path.write_text(str(po), encoding="utf-8")


@pytest.fixture
def catalogs_dir(tmp_path):
    folder = tmp_path / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    for name in ("a.po", "b.po"):
        shutil.copy(GOOD, folder / name)
        _rewrapped(folder / name)
    return folder


def test_format_keeps_each_catalogs_mode(catalogs_dir):
    a, b = catalogs_dir / "a.po", catalogs_dir / "b.po"
    a.chmod(0o640)
    b.chmod(0o664)
    assert l10n("format", catalogs_dir).returncode == 0
    assert stat.S_IMODE(a.stat().st_mode) == 0o640 and stat.S_IMODE(b.stat().st_mode) == 0o664
    assert catalogs.render(catalogs.load(a)).encode() == a.read_bytes()


def test_a_read_only_catalog_is_left_untouched_and_reported(catalogs_dir):
    a, b = catalogs_dir / "a.po", catalogs_dir / "b.po"
    a.chmod(0o444)
    before = a.read_bytes()
    result = l10n("format", catalogs_dir)
    assert result.returncode == 2 and "read-only" in _one_line(result, a)
    assert a.read_bytes() == before and stat.S_IMODE(a.stat().st_mode) == 0o444
    assert catalogs.render(catalogs.load(b)).encode() == b.read_bytes()  # the other one is formatted


def test_a_full_disk_truncates_nothing(catalogs_dir):
    """A file-size limit makes every write fail as a full disk does (EFBIG where ENOSPC would be)."""
    before = {p: p.read_bytes() for p in catalogs_dir.iterdir()}

    def small_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    result = subprocess.run([sys.executable, "-m", "l10n", "format", str(catalogs_dir)], cwd=ROOT,
                            capture_output=True, text=True, preexec_fn=small_disk)
    assert result.returncode == 2
    for path in before:
        assert "cannot write" in _one_line(result, path)
    assert {p: p.read_bytes() for p in catalogs_dir.iterdir()} == before  # no temporary file left either


def test_update_keeps_modes_and_creates_catalogs_as_the_umask_says(tmp_path):
    project = copy_project(tmp_path / "project")
    index = project / "source" / "index.rst"
    index.write_text(index.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    de = project / "locales" / "de" / "LC_MESSAGES" / "index.po"
    de.chmod(0o604)
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace('ja = "in-progress"', 'ja = "in-progress"\nit = "in-progress"'))
    l10n("extract", cwd=project, check=True)
    old_umask = os.umask(0o027)
    try:
        l10n("update", cwd=project, check=True)
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(de.stat().st_mode) == 0o604 and "Une phrase de plus." in de.read_text(encoding="utf-8")
    created = project / "locales" / "it" / "LC_MESSAGES" / "index.po"
    assert stat.S_IMODE(created.stat().st_mode) == 0o640


def test_update_never_creates_a_catalog_for_a_language_the_project_lacks(tmp_path):
    project = copy_project(tmp_path / "project")
    l10n("extract", cwd=project, check=True)
    result = l10n("update", "--lang", "it", cwd=project)
    assert result.returncode == 2 and "--lang it" in _one_line(result, "--lang it")
    assert not (project / "locales" / "it").exists()


@pytest.mark.parametrize("command", [["check", "--source-lang", "en"], ["stats"], ["format"], ["format", "--check"]])
def test_a_path_without_catalogs_is_an_input_error(tmp_path, command):
    empty = tmp_path / "typo"
    empty.mkdir()
    result = l10n(command[0], empty, *command[1:])
    assert result.returncode == 2 and "no .po catalog" in _one_line(result, empty)


@pytest.mark.parametrize("arguments", [["build", "--jobs", "-1"], ["check", "--jobs", "0"], ["check", "--jobs", "x"],
                                       ["stats", "--format", "yaml"], ["nonsense"]])
def test_a_bad_argument_gets_one_line(arguments):
    result = l10n(*arguments)
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "error:" in result.stderr and "Traceback" not in result.stderr


def test_a_bad_environment_variable_is_reported_and_the_run_goes_on(catalogs_dir):
    env = {**os.environ, "L10N_MAX_CATALOG_MB": "abc"}
    result = subprocess.run([sys.executable, "-m", "l10n", "stats", str(catalogs_dir)], cwd=ROOT,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 2 and "L10N_MAX_CATALOG_MB" in _one_line(result, "L10N_MAX_CATALOG_MB")
    assert "en" in result.stdout  # the catalogs were still counted, with the default limit


def test_file_names_that_are_not_utf8(tmp_path):
    folder = tmp_path / "x\udcff" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(GOOD, folder / "index.po")
    _rewrapped(folder / "index.po")
    for command in (["stats"], ["format", "--check"], ["format"], ["check", "--source-lang", "fr", "--lang", "en"]):
        result = l10n(command[0], folder, *command[1:])
        assert result.returncode in (0, 1) and "Traceback" not in result.stderr, (command, result.stderr)


def test_a_plural_entry_without_all_its_forms_is_an_input_error(tmp_path):
    path = tmp_path / "plural.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
                    'msgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] "eine Datei"\n', encoding="utf-8")
    result = l10n("stats", path)
    assert result.returncode == 2 and "msgstr[1]" in _one_line(result, f"{path}:7")


def test_a_damaged_cache_is_rebuilt(tmp_path, monkeypatch):
    import sqlite3

    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "check.sqlite").write_bytes(b"not a database" * 100)
    monkeypatch.setenv("L10N_CACHE_DIR", str(cache))
    assert l10n("check", GOOD, "--source-lang", "fr").returncode == 0
    with sqlite3.connect(cache / "check.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM results").fetchone() == (1,)


def test_a_write_checks_the_file_is_still_the_one_read(tmp_path):
    path = tmp_path / "index.po"
    shutil.copy(GOOD, path)
    read = catalogs.snapshot(path)
    path.write_text(path.read_text(encoding="utf-8").replace("Why have a CPTO?", "Why have one?"), encoding="utf-8")
    saved = path.read_bytes()
    with pytest.raises(L10nError, match="changed on disk"):
        catalogs.write_text(path, "msgid \"\"\nmsgstr \"\"\n", read)
    assert path.read_bytes() == saved and not list(tmp_path.glob(".*.tmp"))
    with pytest.raises(L10nError, match="changed on disk"):
        catalogs.write_text(path, "x", None, new=True)  # a file created meanwhile is not replaced either


def test_an_editors_save_during_update_is_never_lost(tmp_path):
    """30 races: an editor saves the German catalog at a random moment of an update."""
    project = copy_project(tmp_path / "project")
    index = project / "source" / "index.rst"
    index.write_text(index.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    l10n("extract", cwd=project, check=True)
    de = project / "locales" / "de" / "LC_MESSAGES" / "index.po"
    original = de.read_text(encoding="utf-8")
    start = time.perf_counter()
    l10n("update", cwd=project, check=True)
    duration = time.perf_counter() - start
    rng = random.Random(14)
    outcomes = {"refused": 0, "after": 0, "merged": 0}
    for race in range(30):
        de.write_text(original, encoding="utf-8")
        marker = f"Warum einen CPTO? ({race})"
        saved = original.replace('msgstr "Warum einen CPTO?"', f'msgstr "{marker}"')
        timer = threading.Timer(rng.uniform(0, duration), lambda text=saved: de.write_text(text, encoding="utf-8"))
        timer.start()
        result = l10n("update", cwd=project)
        timer.join()
        assert marker in de.read_text(encoding="utf-8"), f"race {race}: the editor's save was overwritten"
        if "changed on disk" in result.stderr:
            outcomes["refused"] += 1
        elif "Une phrase de plus." in de.read_text(encoding="utf-8"):
            outcomes["merged"] += 1
        else:
            outcomes["after"] += 1
    assert sum(outcomes.values()) == 30


def _many_catalogs(tmp_path, documents=25):
    """A project with many documents, so that update writes for a long while; templates extracted."""
    project = copy_project(tmp_path / "project")
    text = (project / "source" / "index.rst").read_text(encoding="utf-8")
    toctree = "\n\n.. toctree::\n   :hidden:\n\n" + "".join(f"   page{n}\n" for n in range(documents))
    (project / "source" / "index.rst").write_text(text + toctree, encoding="utf-8")
    for n in range(documents):
        (project / "source" / f"page{n}.rst").write_text(text.replace("Le CPTO", f"Page {n} : le CPTO", 1), encoding="utf-8")
    l10n("extract", cwd=project, check=True)
    l10n("update", cwd=project, check=True)  # every catalog exists, and is translated as far as index is
    for lang in ("en", "de", "es", "ja"):
        translated = catalogs.load(project / "locales" / lang / "LC_MESSAGES" / "index.po")
        for n in range(documents):
            path = project / "locales" / lang / "LC_MESSAGES" / f"page{n}.po"
            po = catalogs.load(path)
            by_id = {e.msgid: e.msgstr for e in translated}
            for entry in po:
                entry.msgstr = by_id.get(entry.msgid, entry.msgstr)
            catalogs.write(po, path)
    return project


def _translated(path):
    return {e.msgid: e.msgstr for e in catalogs.load(path) if e.msgstr}


@pytest.mark.parametrize("command", ["update", "format"])
def test_kills_mid_write_leave_every_catalog_whole(tmp_path, command):
    """Kill the command at random moments of its writing phase, found by watching for its temporary files."""
    project = _many_catalogs(tmp_path)
    paths = sorted((project / "locales").rglob("*.po"))
    if command == "update":
        index = project / "source" / "index.rst"
        index.write_text(index.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", encoding="utf-8")
        for n in range(25):
            page = project / "source" / f"page{n}.rst"
            page.write_text(page.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", encoding="utf-8")
        l10n("extract", cwd=project, check=True)
    else:
        for path in paths:
            _rewrapped(path)
    before = {p: p.read_bytes() for p in paths}
    translations = {p: _translated(p) for p in paths}
    argv = [sys.executable, "-m", "l10n", command] + ([] if command == "update" else [str(project / "locales")])

    def restore():
        for p, data in before.items():
            p.write_bytes(data)
        for leftover in (project / "locales").rglob(".*.tmp"):
            leftover.unlink()  # what a killed writer leaves: never a torn catalog

    folders = sorted({path.parent for path in paths})

    def writing():
        return any(name.endswith(".tmp") for folder in folders for name in os.listdir(folder))

    # Where the command writes: from the first temporary file seen to the last.
    process = subprocess.Popen(argv, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start, seen = time.perf_counter(), []
    while process.poll() is None:
        if writing():
            seen.append(time.perf_counter() - start)
    assert process.returncode == 0 and len(seen) > 1, "the writing phase could not be seen"
    # Half the kills the moment a temporary file appears, half at random moments of the writing phase.
    rng = random.Random(2026)
    mid_write = kills = 0
    for kills in range(1, 17):
        restore()
        process = subprocess.Popen(argv, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if kills % 2:
            while process.poll() is None and not writing():
                pass
        else:
            time.sleep(rng.uniform(seen[0], seen[-1]))
        process.send_signal(signal.SIGKILL)
        process.wait()
        mid_write += writing()  # killed between creating a temporary file and renaming it
        for path in paths:
            now = path.read_bytes()
            if now == before[path]:
                continue
            assert subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True).returncode == 0, path
            assert translations[path].items() <= _translated(path).items(), path
    restore()
    assert mid_write >= 3, f"{mid_write} of {kills} kills landed mid-write"
