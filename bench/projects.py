"""The real Sphinx projects of ../shared/projects, copied and made to run offline, for the benchmarks.

Each project gets a venv of its own under bench/ (its requirements, sphinx-intl as
the baseline, and the l10n wheel built from this checkout), and each run works
on a fresh copy: the originals are read-only.

Offline: archivematica-docs' conf.py fetches its intersphinx mapping and its
extlinks from gists while it loads. In the copy, those two `urlopen(...)` calls
read local files instead (bench/data/archivematica-*.json): no intersphinx
inventories (the gettext builder resolves no references) and the one extlink
role its sources use, `:issue:`. fpm-docs' conf.py downloads the fpm registry
into _data/registry.json unless that file exists: the copy has it, as `{}`
(nothing in the pages reads it). Nothing else in any project is changed.
"""

import pathlib
import shutil
import stat
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared" / "projects"
# name: (folder of conf.py, requirements file)
PROJECTS = {
    "doma-docs": ("docs", "docs/requirements.txt"),
    "fpm-docs": ("pages", "requirements.txt"),
    "archivematica-docs": (".", "requirements.txt"),
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


def wheel() -> pathlib.Path:
    """The l10n wheel of this checkout, built once per run from a copy (setuptools writes
    build/ and *.egg-info where it builds, and build/ is the project's own)."""
    out = HERE / ".wheel"
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.TemporaryDirectory() as folder:
        source = pathlib.Path(folder) / "l10n"
        shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
            ".git", "build", ".venv*", ".wheel", "__pycache__", "*.egg-info", "artifacts"))
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(source)],
                       check=True)
    return next(out.glob("l10n-*.whl"))


def venv(name: str, wheel_path: pathlib.Path, *, fresh: bool = False) -> pathlib.Path:
    """bench/.venv-<name>: the project's requirements, sphinx-intl and the l10n wheel; its bin folder."""
    folder = HERE / f".venv-{name}"
    if fresh:
        shutil.rmtree(folder, ignore_errors=True)
    pip = folder / "bin" / "pip"
    if not pip.exists():
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
        requirements = SHARED / name / PROJECTS[name][1]
        subprocess.run([str(pip), "install", "--quiet", "-r", str(requirements), "sphinx-intl"], check=True)
    subprocess.run([str(pip), "install", "--quiet", "--force-reinstall", "--no-deps", str(wheel_path)], check=True)
    subprocess.run([str(pip), "install", "--quiet", str(wheel_path)], check=True)  # its dependencies, if missing
    return folder / "bin"
