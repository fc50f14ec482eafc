import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import pytest

from sphinx_l10n import config as configuration

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = pathlib.Path(__file__).resolve().parent / "data"
ARTIFACTS = pathlib.Path(__file__).resolve().parent / "artifacts"


def l10n(*args, cwd=ROOT, check=False):
    """Run the command line as a user would; return the CompletedProcess."""
    result = subprocess.run([sys.executable, "-m", "sphinx_l10n", *map(str, args)], cwd=cwd, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"l10n {' '.join(map(str, args))} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def project():
    return configuration.load(ROOT)


@pytest.fixture(scope="session")
def pot_dir(tmp_path_factory):
    """The templates extracted from source/ by Sphinx, in a build folder of the tests' own."""
    build_dir = tmp_path_factory.mktemp("extract")
    l10n("--build-dir", build_dir, "extract", check=True)
    return build_dir / "gettext"


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """Every language's HTML and PDF, built once for the session."""
    build_dir = tmp_path_factory.mktemp("build")
    result = l10n("--build-dir", build_dir, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return build_dir


def install_plugin(folder, module, code, entry_points):
    """An installed package of checks, as pip leaves one: module.py and its dist-info naming the
    entry points ({name: "module:Class"}) of the sphinx_l10n.checks group. Put folder on PYTHONPATH to use it."""
    folder.mkdir(exist_ok=True)
    (folder / f"{module}.py").write_text(code, encoding="utf-8")
    info = folder / f"{module}-1.0.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n", encoding="utf-8")
    lines = "".join(f"{name} = {value}\n" for name, value in entry_points.items())
    (info / "entry_points.txt").write_text("[sphinx_l10n.checks]\n" + lines, encoding="utf-8")


def copy_project(copy):
    """Copy the project (sources, catalogs, config) into the new folder copy; return it."""
    copy.mkdir()
    for name in ("source", "locales", "conf.py", "pyproject.toml", "Makefile"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, copy / name, ignore=shutil.ignore_patterns("*.mo"))
        else:
            shutil.copy(src, copy / name)
    (copy / "sphinx_l10n").symlink_to(ROOT / "sphinx_l10n")
    return copy


@pytest.fixture
def project_copy(tmp_path):
    """A copy of the project (sources, catalogs, config) to modify freely."""
    return copy_project(tmp_path / "project")


def pytest_configure(config):
    ARTIFACTS.mkdir(exist_ok=True)
    # The check's result cache: one of the session's own, not the user's.
    os.environ["L10N_CACHE_DIR"] = tempfile.mkdtemp(prefix="l10n-cache-")
