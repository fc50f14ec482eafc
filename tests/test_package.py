"""The package as a new user gets it: a wheel, a fresh venv, the `sphinx-l10n` command, lint and types.

Nothing here imports the working tree's l10n into the installed one: the
wheel is built from a copy of the package's files, installed (not editable)
into a venv of its own, and run on a small project copied into a temporary
folder that has no l10n folder beside it.
"""

import email.parser
import os
import shutil
import subprocess
import sys
import zipfile

import pytest
from conftest import DATA, ROOT

from sphinx_l10n import __version__

PACKAGE_FILES = ("pyproject.toml", "README.md", "sphinx_l10n")


def _run(command, cwd, check=True):
    result = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, command))} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The wheel pip builds from the package's own files (build isolation, as a user's pip does)."""
    source = tmp_path_factory.mktemp("source")
    for name in PACKAGE_FILES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", out, source], cwd=out)
    (path,) = out.glob("sphinx_l10n-*.whl")
    return path


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory):
    """A fresh venv with the wheel installed, dependencies from the package index."""
    folder = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", folder], cwd=folder)
    _run([folder / "bin" / "python", "-m", "pip", "install", "--quiet", wheel], cwd=folder)
    return folder / "bin"


@pytest.fixture
def mini(tmp_path):
    """A copy of tests/data/mini-project: an English source, a German catalog, its own conf.py."""
    copy = tmp_path / "mini"
    shutil.copytree(DATA / "mini-project", copy)
    return copy


def test_wheel_holds_every_module_and_data_file(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        version = email.parser.Parser().parsestr(archive.read(metadata).decode())["Version"]
        entry_points = archive.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt"))).decode()
    package = ROOT / "sphinx_l10n"
    wanted = {p.relative_to(ROOT).as_posix() for p in package.rglob("*")
              if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    assert wanted - names == set()
    assert {"sphinx_l10n/sphinxext/templates/layout.html", "sphinx_l10n/static/l10n.css", "sphinx_l10n/py.typed"} <= wanted
    assert version == __version__
    assert "sphinx-l10n = sphinx_l10n.__main__:main" in entry_points


def test_installed_command_runs_every_command_on_a_project(venv, mini):
    l10n = venv / "sphinx-l10n"
    help_text = _run([l10n, "--help"], cwd=mini).stdout
    for command in ("extract", "update", "check", "stats", "format", "build", "names"):
        assert command in help_text
    assert _run([l10n, "--version"], cwd=mini).stdout.strip() == f"sphinx-l10n {__version__}"
    assert "usage: sphinx-l10n" in _run([venv / "python", "-m", "sphinx_l10n", "--help"], cwd=mini).stdout
    where = _run([venv / "python", "-c", "import sphinx_l10n; print(sphinx_l10n.__file__)"], cwd=mini).stdout
    assert where.startswith(str(venv.parent)), where  # the installed copy, not the working tree

    # The page's template, and sphinx.pot: the messages of Sphinx that its catalogs may leave untranslated.
    assert "extracted 2 template(s)" in _run([l10n, "extract"], cwd=mini).stdout
    assert (mini / "build" / "gettext" / "index.pot").is_file()
    _run([l10n, "update"], cwd=mini)
    assert "0 error(s)" in _run([l10n, "check"], cwd=mini).stdout
    assert "100" in _run([l10n, "stats"], cwd=mini).stdout
    _run([l10n, "format", "--check"], cwd=mini)
    assert _run([l10n, "names"], cwd=mini).stdout.split("\n")[0] == "Ada Lovelace"

    result = _run([l10n, "build", "--lang", "de"], cwd=mini, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (mini / "build" / "html" / "de" / "index.html").read_text(encoding="utf-8")
    assert "Ein kleiner Leitfaden" in page and 'class="l10n-switcher"' in page  # translated, with the switcher
    assert (mini / "build" / "html" / "l10n.css").is_file()  # the package data assemble copies
    assert (mini / "build" / "pdf" / "mini-de.pdf").read_bytes().startswith(b"%PDF")


def test_installed_extension_reports_the_package_version(venv, mini):
    script = ("import sys; from sphinx.application import Sphinx; "
              "app = Sphinx('source', '.', sys.argv[1], sys.argv[1] + '/doctrees', 'html', status=None); "
              "print(app.extensions['sphinx_l10n.sphinxext'].version)")
    out = mini / "build" / "probe"
    assert _run([venv / "python", "-c", script, out], cwd=mini).stdout.strip() == __version__


def test_a_bad_catalog_gets_one_line_from_the_installed_command(venv, mini):
    catalog = mini / "locales" / "de" / "LC_MESSAGES" / "index.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + 'msgid "x"\nmsgstr "unterminated\n', encoding="utf-8")
    result = _run([venv / "sphinx-l10n", "stats"], cwd=mini, check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{os.path.join('locales', 'de', 'LC_MESSAGES', 'index.po')}:" in result.stderr


def test_ruff_is_clean():
    result = _run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=ROOT, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_type_hints_hold():
    """mypy --strict over the package ([tool.mypy] strict): every function typed, every re-export explicit."""
    result = _run([sys.executable, "-m", "mypy", "--no-incremental"], cwd=ROOT, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_lowest_sphinx_declared_is_the_one_ci_tests():
    """pyproject.toml's lower bound on Sphinx is what `make test-oldest` installs: never one without the other."""
    import re

    declared = re.search(r'"sphinx>=([\d.]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8")).group(1)
    tested = re.search(r"^OLDEST_SPHINX := ([\d.]+)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE).group(1)
    assert tested.startswith(declared) and "make test-oldest" in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_the_interface_catalogs_pass_the_checks_and_cover_the_template():
    """l10n's own catalogs (sphinx_l10n/locale) are checked like any other: complete, and clean."""
    from sphinx_l10n import catalogs, checker

    locale = ROOT / "sphinx_l10n" / "locale"
    template = {e.msgid for e in catalogs.load(locale / "l10n.pot")}
    for po in sorted(locale.glob("*/LC_MESSAGES/l10n.po")):
        lang = po.parent.parent.name
        entries = list(catalogs.load(po))
        assert {e.msgid for e in entries} == template, po
        assert all(catalogs.is_translated(e) for e in entries), po
        findings, *_ = checker.check_catalog(po, "en", None, lang)
        assert [f.message for f in findings if f.severity == "error"] == [], po
