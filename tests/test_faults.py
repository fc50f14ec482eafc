"""Commands never lose work: faulty environments, file systems and races, kills mid-write, a mutated merge.

Each fault gets one line naming what and where, exit status 2, and the
other files still processed; no catalog is ever torn, and a save by
someone else is never overwritten.
"""

import dataclasses
import json
import os
import random
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time

import pytest
from conftest import DATA, ROOT, copy_project, l10n

from sphinx_l10n import L10nError, catalogs, fileio

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

    result = subprocess.run([sys.executable, "-m", "sphinx_l10n", "format", str(catalogs_dir)], cwd=ROOT,
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
    result = subprocess.run([sys.executable, "-m", "sphinx_l10n", "stats", str(catalogs_dir)], cwd=ROOT,
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
    read = fileio.snapshot(path)
    path.write_text(path.read_text(encoding="utf-8").replace("Why have a CPTO?", "Why have one?"), encoding="utf-8")
    saved = path.read_bytes()
    with pytest.raises(L10nError, match="changed on disk"):
        fileio.write_text(path, "msgid \"\"\nmsgstr \"\"\n", read)
    assert path.read_bytes() == saved and not list(tmp_path.glob(".*.tmp"))
    with pytest.raises(L10nError, match="changed on disk"):
        fileio.write_text(path, "x", None, new=True)  # a file created meanwhile is not replaced either


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
    argv = [sys.executable, "-m", "sphinx_l10n", command] + ([] if command == "update" else [str(project / "locales")])

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


# --- Faults found by trying the commands as a careless user and a faulty disk would ---


def _no_traceback(result):
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


@pytest.mark.parametrize("templates", ["empty", "missing"])
def test_prune_without_templates_deletes_nothing(tmp_path, templates):
    project = copy_project(tmp_path / "project")
    if templates == "empty":
        (project / "build" / "gettext").mkdir(parents=True)
    before = sorted(project.glob("locales/*/LC_MESSAGES/*.po"))
    result = _no_traceback(l10n("update", "--prune", cwd=project))
    assert result.returncode == 2 and "run `sphinx-l10n extract` first" in _one_line(result, "gettext")
    assert sorted(project.glob("locales/*/LC_MESSAGES/*.po")) == before and before


def test_a_symlinked_catalog_stays_a_link_and_a_hard_linked_one_is_left_whole(catalogs_dir, tmp_path):
    real = tmp_path / "elsewhere.po"
    shutil.move(catalogs_dir / "a.po", real)
    (catalogs_dir / "a.po").symlink_to(real)
    (catalogs_dir / "c.po").symlink_to(tmp_path / "gone.po")  # dangling
    os.link(catalogs_dir / "b.po", tmp_path / "twin.po")
    twin = (tmp_path / "twin.po").read_bytes()
    result = _no_traceback(l10n("format", catalogs_dir))
    assert result.returncode == 2
    assert (catalogs_dir / "a.po").is_symlink() and catalogs.render(catalogs.load(real)).encode() == real.read_bytes()
    assert "hard links" in _one_line(result, "b.po") and (tmp_path / "twin.po").read_bytes() == twin
    assert (tmp_path / "twin.po").stat().st_ino == (catalogs_dir / "b.po").stat().st_ino
    assert (catalogs_dir / "c.po").is_symlink() and not (tmp_path / "gone.po").exists()


def test_the_previous_msgid_of_an_obsolete_entry_is_kept(tmp_path):
    text = GOOD.read_text(encoding="utf-8") + '\n#~| msgid "An older source"\n#~ msgid "Gone"\n#~ msgstr "Weg"\n'
    path = tmp_path / "en" / "LC_MESSAGES" / "index.po"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    assert l10n("format", path).returncode == 0
    assert '#~| msgid "An older source"\n#~ msgid "Gone"' in path.read_text(encoding="utf-8")
    merged = catalogs.merge(catalogs.load(path), catalogs.load(path))
    assert [e.previous_msgid for e in merged if e.obsolete] == ["An older source"]


def test_a_fifo_among_the_catalogs_blocks_nothing(catalogs_dir):
    os.mkfifo(catalogs_dir / "pipe.po")
    for command in (["check", "--source-lang", "fr", "--no-cache"], ["stats"], ["format", "--check"]):
        result = subprocess.run([sys.executable, "-m", "sphinx_l10n", command[0], str(catalogs_dir), *command[1:]], cwd=ROOT,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 2 and "not a regular file" in _one_line(_no_traceback(result), "pipe.po"), command
        read = {"stats": "\n  a ", "format": "a.po", "check": "2 file(s), 126 entries checked"}[command[0]]
        assert read in result.stdout, command  # the others were still read


@pytest.mark.parametrize("header", ["nplurals=100000000; plural=(n != 1);", "nplurals=" + "9" * 5000 + "; plural=0;"])
def test_a_huge_nplurals_is_one_line(tmp_path, header):
    text = GOOD.read_text(encoding="utf-8")
    start = text.index('"Plural-Forms:')
    end = text.index("\n", start)
    path = tmp_path / "en" / "LC_MESSAGES" / "index.po"
    path.parent.mkdir(parents=True)
    path.write_text(text[:start] + f'"Plural-Forms: {header}\\n"' + text[end:], encoding="utf-8")
    result = _no_traceback(l10n("stats", path))
    assert result.returncode == 2 and "plural forms" in _one_line(result, path)


@pytest.mark.parametrize("forms", [20, 21])
def test_twenty_plural_forms_are_read_and_twenty_one_refused(tmp_path, forms):
    """No language has more than 20 plural forms (CLDR's most is 6): a catalog may have up to 20."""
    text = GOOD.read_text(encoding="utf-8")
    start = text.index('"Plural-Forms:')
    path = tmp_path / "en" / "LC_MESSAGES" / "index.po"
    path.parent.mkdir(parents=True)
    path.write_text(text[:start] + f'"Plural-Forms: nplurals={forms}; plural=(n % {forms});\\n"'
                    + text[text.index("\n", start):], encoding="utf-8")
    result = _no_traceback(l10n("stats", path))
    if forms == 20:
        assert result.returncode == 0, result.stdout + result.stderr
    else:
        assert result.returncode == 2 and "a language has from 1 to 20 plural forms" in _one_line(result, path)


def test_an_unknown_language_header_is_no_crash(tmp_path):
    path = tmp_path / "index.po"
    path.write_text(GOOD.read_text(encoding="utf-8").replace('"Language: en\\n"', '"Language: xx_Nonsense\\n"'),
                    encoding="utf-8")
    assert _no_traceback(l10n("check", path, "--source-lang", "fr", "--no-cache")).returncode in (0, 1)


@pytest.mark.parametrize("pyproject", [
    "[tool.sphinx-l10n\nproject = 1",                      # not TOML
    b"[tool.sphinx-l10n]\nproject = \"caf\xe9\"\n",         # not UTF-8
    "[tool]\nsphinx-l10n = 3\n",                     # not a table
    "[tool.sphinx-l10n]\nlanguages = \"de\"\n",
    "[tool.sphinx-l10n]\nsource_dir = 3\n",
    "[tool.sphinx-l10n]\nnames_file = [\"a\"]\n",
    "[tool.sphinx-l10n]\nproject = {a = 1}\n",
])
def test_a_broken_configuration_is_named_by_every_command(tmp_path, pyproject):
    project = copy_project(tmp_path / "project")
    (project / "pyproject.toml").write_bytes(pyproject if isinstance(pyproject, bytes) else pyproject.encode())
    for command in (["check"], ["stats"], ["format", "--check"], ["update"], ["build", "--html"]):
        result = _no_traceback(l10n(*command, cwd=project))
        assert result.returncode == 2 and "pyproject.toml" in _one_line(result, "pyproject.toml"), command
        assert "no pyproject.toml" not in result.stderr, command


def test_a_locale_folder_that_is_a_file_is_one_line(tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "locales" / "de")
    (project / "locales" / "de").write_text("not a folder")
    l10n("extract", cwd=project, check=True)
    for command in (["check"], ["stats"], ["format", "--check"], ["update"]):
        result = _no_traceback(l10n(*command, cwd=project))
        assert result.returncode == 2 and "locales/de" in _one_line(result, "locales/de"), command
    assert "es" in l10n("stats", cwd=project).stdout  # the other languages are still counted


def test_a_missing_language_is_never_left_out(tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "locales" / "de")
    l10n("extract", cwd=project, check=True)
    for command in (["stats"], ["format", "--check"], ["check"]):
        result = _no_traceback(l10n(*command, cwd=project))
        assert result.returncode == 2 and "locales/de" in _one_line(result, "locales/de"), command
    build = _no_traceback(l10n("--build-dir", tmp_path / "build", "build", "--html", "--lang", "de", cwd=project))
    assert build.returncode == 2 and "no catalogs for de" in _one_line(build, "locales/de")
    assert not (tmp_path / "build" / "html" / "de").exists()  # never a German site in French
    for command in (["stats", "--lang", "it"], ["build", "--lang", "it"], ["check", "--lang", "it"]):
        result = _no_traceback(l10n(*command, cwd=project))
        assert result.returncode == 2 and "--lang it" in _one_line(result, "--lang it"), command


def test_a_missing_or_damaged_names_file_is_reported(tmp_path):
    project = copy_project(tmp_path / "project")
    names = project / "locales" / "names.toml"
    for content in (None, b"names = \"CPTO\"\n", b"names = [\"caf\xe9\"]\n", b"[glossary]\nterm = 3\n"):
        if content is None:
            names.unlink()
        else:
            names.write_bytes(content)
        result = _no_traceback(l10n("check", "--lang", "en", cwd=project))
        assert result.returncode == 2 and "names.toml" in _one_line(result, "names.toml"), content


def test_extract_without_conf_py_is_one_line(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "conf.py").unlink()
    result = _no_traceback(l10n("extract", cwd=project))
    assert result.returncode == 2 and "conf.py: not found" in _one_line(result, "conf.py")


def test_a_crash_in_conf_py_is_named_with_its_line_by_every_command(tmp_path):
    """l10n reads conf.py with Sphinx's loader: a conf.py that fails is one line naming its line."""
    project = copy_project(tmp_path / "project")
    lines = (project / "conf.py").read_text(encoding="utf-8").count("\n")
    with open(project / "conf.py", "a", encoding="utf-8") as f:
        f.write("\nraise ValueError('a typo in conf.py')\n")
    for command in (["extract"], ["check"], ["stats"], ["update"], ["build", "--html"]):
        result = _no_traceback(l10n(*command, cwd=project))
        assert result.returncode == 2, command
        assert "ValueError: a typo in conf.py" in _one_line(result, f"conf.py:{lines + 2}: conf.py cannot be loaded"), command


def test_a_conf_py_that_fetches_offline_is_one_line(tmp_path):
    """Some real conf.py files download data while they load: offline, one line, never a hang."""
    project = copy_project(tmp_path / "project")
    with open(project / "conf.py", "a", encoding="utf-8") as f:
        f.write("\nimport urllib.request\nurllib.request.urlopen('http://l10n-test.invalid/inventory.json')\n")
    result = _no_traceback(l10n("stats", cwd=project))
    assert result.returncode == 2 and "network" in _one_line(result, "conf.py cannot be loaded")


def test_a_damaged_build_folder_fails_one_language_in_one_line(tmp_path):
    project = copy_project(tmp_path / "project")
    build_dir = tmp_path / "build"
    (build_dir / "stamps").mkdir(parents=True)
    (build_dir / "stamps" / "durations.json").write_text('{"en-html": "slow", "es-html": [1]}')
    (build_dir / "stamps" / "en-html.json").mkdir()  # where a stamp file goes
    result = _no_traceback(l10n("--build-dir", build_dir, "build", "--html", "--lang", "en", "--lang", "es",
                                "--lang", "es", cwd=project))
    assert result.returncode == 1 and "en-html" in _one_line(result, "en-html")
    assert result.stdout.count("html es: ok") == 1  # the other language built, once


def test_a_site_that_cannot_be_assembled_fails_in_one_line(tmp_path):
    project = copy_project(tmp_path / "project")
    build_dir = tmp_path / "build"
    (build_dir / "html" / "l10n.css").mkdir(parents=True)  # where the site's stylesheet goes
    result = _no_traceback(l10n("--build-dir", build_dir, "build", "--html", "--lang", "fr", cwd=project))
    assert result.returncode == 2 and "cannot assemble the site" in _one_line(result, "l10n.css: cannot assemble")
    assert not (build_dir / "html" / "l10n.css.tmp").exists()


def test_a_report_that_cannot_be_written_is_an_error(catalogs_dir):
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "sphinx_l10n", "stats", str(catalogs_dir)], cwd=ROOT, stdout=full,
                                stderr=subprocess.PIPE, text=True)
    assert result.returncode == 2 and "standard output" in result.stderr and "Traceback" not in result.stderr
    closed = subprocess.run(f"{sys.executable} -m sphinx_l10n stats {catalogs_dir} >&-", shell=True, cwd=ROOT,
                            capture_output=True, text=True)
    assert closed.returncode == 2 and "standard output is closed" in closed.stderr


def test_an_unusable_cache_folder_is_reported(catalogs_dir, tmp_path):
    (tmp_path / "file").write_text("")
    env = {**os.environ, "L10N_CACHE_DIR": str(tmp_path / "file")}
    result = subprocess.run([sys.executable, "-m", "sphinx_l10n", "check", str(catalogs_dir), "--source-lang", "fr"], cwd=ROOT,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 2 and "L10N_CACHE_DIR" in _one_line(_no_traceback(result), "L10N_CACHE_DIR")


def test_jobs_beyond_reason_are_refused():
    result = l10n("check", "--jobs", "10000000000000000000000")
    assert result.returncode == 2 and "1 to 256" in result.stderr and "Traceback" not in result.stderr


def test_lang_with_paths_names_the_catalogs_language_not_a_configured_one(catalogs_dir):
    for command in (["check", catalogs_dir, "--source-lang", "fr"], ["stats", catalogs_dir]):
        assert l10n(*command, "--lang", "ko").returncode in (0, 1), command  # run inside the showcase project


def test_freshness_reads_the_source_suffixes_conf_py_declares(tmp_path):
    """A Markdown source (source_suffix in conf.py) is a document, not a template left over."""
    project = copy_project(tmp_path / "project")
    with open(project / "conf.py", "a", encoding="utf-8") as f:
        f.write("\nsource_suffix = {'.rst': 'restructuredtext', '.txt': 'restructuredtext'}\n")
    (project / "source" / "index.rst").rename(project / "source" / "index.txt")
    l10n("extract", cwd=project, check=True)
    data = l10n("check", "--lang", "en", "--format", "json", cwd=project).stdout
    assert "no longer exists" not in data
    shutil.rmtree(project / "source")
    result = l10n("check", "--lang", "en", cwd=project)
    assert "source folder not found" in result.stdout and result.returncode == 1


def test_a_teams_conventions_are_decided_once_in_the_configuration(tmp_path):
    """[tool.sphinx-l10n.check]: checks off, severities, excluded paths, translatable roles, kept-in-source patterns."""
    project = copy_project(tmp_path / "project")
    l10n("extract", cwd=project, check=True)
    po = project / "locales" / "en" / "LC_MESSAGES" / "index.po"
    text = po.read_text(encoding="utf-8")
    from sphinx_l10n.checks.translation import sentences

    bad = catalogs.load(po)
    index, first = next((i, sentences(e.msgid)[0]) for i, e in enumerate(bad)
                        if len(sentences(e.msgid)) >= 2 and len(sentences(e.msgid)[0].split()) >= 6)
    bad[index].msgstr += f" {first.strip()}"
    po.write_text(catalogs.render(bad), encoding="utf-8")
    line = catalogs.load(po)[index].linenum
    findings = lambda: {f["check"]: f["severity"] for f in json.loads(
        l10n("check", "--lang", "en", "--format", "json", "--no-cache", cwd=project).stdout)["findings"] if f["line"] == line}
    before = findings()
    assert before.get("leftover") == "error", before
    pyproject = project / "pyproject.toml"  # the article's own [tool.sphinx-l10n.check] table gives way to the test's
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace("[tool.sphinx-l10n.check]\n", "[tool.article]\n"),
                         encoding="utf-8")
    with open(project / "pyproject.toml", "a", encoding="utf-8") as f:
        f.write('\n[tool.sphinx-l10n.check]\ndisable = ["shape"]\nseverity = { typography = "error" }\n'
                f"kept_in_source = ['{re.escape(first.split()[0])}']\ntranslatable_roles = ['myrole']\n")
    after = findings()
    assert "leftover" not in after and "shape" not in after and set(after.values()) <= {"error"}, after
    with open(project / "pyproject.toml", "a", encoding="utf-8") as f:
        f.write('exclude = ["en/LC_MESSAGES/*.po"]\n')
    assert findings() == {}
    (project / "pyproject.toml").write_text((project / "pyproject.toml").read_text(encoding="utf-8").replace(
        'disable = ["shape"]', 'disable = ["shpae"]'), encoding="utf-8")
    result = l10n("check", "--lang", "en", cwd=project)
    assert result.returncode == 2 and "no check shpae" in result.stderr + result.stdout
    po.write_text(text, encoding="utf-8")


def test_plural_forms_gettext_accepts_are_read_whatever_babels_table_says(tmp_path):
    """Hungarian: nplurals=2 for msgfmt, gettext and Weblate; one form in some Babel versions' CLDR data.
    The verdict is gettext's, so it cannot depend on the installed Babel."""
    path = tmp_path / "hu" / "LC_MESSAGES" / "index.po"
    path.parent.mkdir(parents=True)
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: hu\\n"\n'
                    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
                    'msgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] "egy fájl"\nmsgstr[1] "%d fájl"\n', encoding="utf-8")
    result = _no_traceback(l10n("stats", path, "--format", "json"))
    assert result.returncode == 0 and json.loads(result.stdout)["hu"]["percent"] == 100.0


def test_a_broken_theme_is_named_before_an_earlier_warning():
    """A build without -W that crashes: the crash is why it failed, not a warning printed before it."""
    from sphinx_l10n.site.runner import sphinx_failure

    output = ("/p/index.md:7: WARNING: The '^^^'/'+++' card header/footer separators are deprecated [design.card_legacy]\n"
              "\nExtension error (pydata_sphinx_theme)!\n\nTraceback\n=========\n"
              "    sphinx.errors.ExtensionError: Handler <function update_and_remove_templates> threw an exception "
              "(exception: 'sidebar-logo.html' not found)\n")
    assert sphinx_failure(output, 2).startswith("Extension error (pydata_sphinx_theme): ExtensionError: Handler")
    assert sphinx_failure("/p/a.rst:3: WARNING: undefined label: 'x'\n", 1) == "/p/a.rst:3: WARNING: undefined label: 'x'"


def test_the_chooser_links_only_the_sites_that_were_built(tmp_path):
    """After a partial build, the root chooser links the sites built, never one that is not there."""
    project = copy_project(tmp_path / "project")
    build_dir = tmp_path / "build"
    assert l10n("--build-dir", build_dir, "build", "--html", "--lang", "fr", "--lang", "en", cwd=project).returncode == 0
    chooser = (build_dir / "html" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<a class="l10n-language" href="(\w+)/index.html"', chooser) == ["fr", "en"]
    assert 'hreflang="x-default" href="fr/index.html"' in chooser and '"de"' not in chooser
    shutil.rmtree(build_dir / "html" / "en")  # a site removed (or a build that failed: its stamp is gone)
    assert l10n("--build-dir", build_dir, "build", "--html", "--lang", "fr", cwd=project).returncode == 0
    chooser = (build_dir / "html" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<a class="l10n-language" href="(\w+)/index.html"', chooser) == ["fr"]
    from sphinx_l10n import config as configuration
    from sphinx_l10n.site import assemble, manifest

    config = dataclasses.replace(configuration.load(project), build_dir=build_dir)
    (build_dir / "stamps" / "fr-html.json").unlink()  # what a build does first; it writes it back only on success
    manifest.write_manifest(config, "fr")
    assert assemble.built_sites(config) == []


def test_a_pdf_that_cannot_be_made_says_why_in_one_line(tmp_path):
    """LaTeX's first error when there is a log; what latexmk said when it stopped before any log
    (never "see the log" for a log that does not exist); the .tex files Sphinx did write."""
    from sphinx_l10n.site.pdf import latex_failure

    tex = tmp_path / "doc-ja.tex"
    assert latex_failure(tex, "", "") == f"{tex}: Sphinx wrote no such file (it wrote: none)"
    (tmp_path / "manual.tex").write_text("")
    assert latex_failure(tex, "", "").endswith("(it wrote: manual.tex)")
    tex.write_text("")
    log = "This is LuaHBTeX\n! LaTeX Error: File `luatexja.sty' not found.\n! Emergency stop.\n"
    assert latex_failure(tex, log, "") == f"{tmp_path / 'doc-ja.log'}: LaTeX failed: ! LaTeX Error: File `luatexja.sty' not found."
    said = "Rc files read:\n  latexmkrc\nLatexmk: Error: Could not find file 'doc-ja.tex'\n"
    assert latex_failure(tex, "", said) == f"{tex}: LaTeX failed: Latexmk: Error: Could not find file 'doc-ja.tex'"


def test_a_date_that_is_not_iso_fails_the_build_naming_its_line(tmp_path):
    project = tmp_path / "mini"
    shutil.copytree(DATA / "mini-project", project)
    conf = project / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + 'l10n_date = "2022-13"\n', encoding="utf-8")
    line = len(conf.read_text(encoding="utf-8").splitlines())
    result = l10n("build", "--html", "--lang", "de", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    (row,) = [text for text in result.stdout.splitlines() if text.startswith("de ")]
    assert f"{conf}:{line}: l10n_date '2022-13' is not a date" in row
