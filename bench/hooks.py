"""The pre-commit hooks of .pre-commit-hooks.yaml, used by another repository.

    python bench/hooks.py [--project NAME] [--import-extensions] [--pin-sphinx]

Copies a real project from ../shared/projects (default: doma-docs, English
to Japanese; packaging-python-org lists its own and its requirements'
extensions in conf.py) into a temporary git repository, unchanged, and runs
both hooks on three of its catalogs as its maintainers would: `pre-commit
try-repo` on this checkout (uncommitted changes included), which installs
sphinx-l10n into a venv of its own (nothing of the project's: no theme, no
extension) and passes it the catalogs. --import-extensions first makes the
copy's conf.py import its theme and extensions, as many conf.py files do (the
hooks then read those as stubs, with one warning line). --pin-sphinx runs
them instead from a
.pre-commit-config.yaml whose check hook pins the project's Sphinx (from its
requirements.txt) in additional_dependencies, as the README advises.

Prints the set-up time (pre-commit's install), then each hook's result, exit
status, duration and first lines of output. Exit 0 when both hooks ran to a
verdict (findings or none), 1 when one could not be installed or run, or
exited 2 (an input it could not read: its conf.py, say).
pre-commit is installed for the benchmark only, in bench/.venv-hooks.
"""

import argparse
import ast
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

import tool_venv

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
PROJECTS = ROOT.parent / "shared" / "projects"
HOOKS = {"sphinx-l10n-format": "sphinx-l10n format --check", "sphinx-l10n-check": "sphinx-l10n check"}  # id: name
# pre-commit --verbose: "<name>.....Passed", then "- hook id:", "- duration:", "- exit code:" and the output.
RESULT_LINE = re.compile(r"^(?P<name>.+?)\.+(?:\(no files to check\))?(?P<result>Passed|Failed|Skipped)$")


def git(repo, *args):
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", *args],
                   cwd=repo, check=True, capture_output=True)


def commit(folder):
    """Make folder a git repository holding its files in one commit: its sha."""
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "snapshot")
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, check=True, capture_output=True, text=True).stdout.strip()


def checkout_files():
    """This checkout's files, uncommitted changes included (as try-repo takes them)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            check=True, capture_output=True, text=True).stdout
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def project_sphinx(project):
    """The project's pinned Sphinx requirement (sphinx==7.2.6), from its requirements.txt."""
    for line in (project / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if re.match(r"^sphinx\s*[=<>~!]", line.strip(), re.IGNORECASE):
            return line.split("#")[0].strip()
    raise SystemExit(f"{project}/requirements.txt: no pinned sphinx requirement to pass to --pin-sphinx")


def pinned_config(temp, repo, requirement):
    """A .pre-commit-config.yaml for the hooks from a snapshot of this checkout, Sphinx pinned for check."""
    shadow = temp / "sphinx-l10n"
    shadow.mkdir()
    for name in checkout_files():
        (shadow / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, shadow / name)
    rev = commit(shadow)
    config = repo.parent / "pre-commit-config.yaml"  # outside the project: its own files stay as they are
    config.write_text(f"repos:\n  - repo: {shadow}\n    rev: {rev}\n    hooks:\n      - id: sphinx-l10n-format\n"
                      f"      - id: sphinx-l10n-check\n        additional_dependencies: [\"{requirement}\"]\n",
                      encoding="utf-8")
    return config


def import_extensions(conf):
    """Add to conf.py, at its end, an import of its theme and of each extension that is not Sphinx's own
    (sphinx_rtd_theme once asked for `import sphinx_rtd_theme`): the modules it imports."""
    names = []
    for node in ast.parse(conf.read_text(encoding="utf-8")).body:
        target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
        if isinstance(target, ast.Name) and target.id in ("extensions", "html_theme"):
            values = node.value.elts if isinstance(node.value, ast.List) else [node.value]
            names += [value.value for value in values if isinstance(value, ast.Constant) and isinstance(value.value, str)]
    modules = [name for name in dict.fromkeys(names)
               if not name.startswith("sphinx.") and all(part.isidentifier() for part in name.split("."))]
    with open(conf, "a", encoding="utf-8") as f:
        f.write("\n# bench/hooks.py --import-extensions\n" + "".join(f"import {name}\n" for name in modules))
    return modules


def hook_reports(output):
    """Each hook's result, exit status, duration and output lines, from pre-commit's verbose output."""
    reports, current = {}, None
    for line in output.splitlines():
        match = RESULT_LINE.match(line)
        if match and match["name"] in HOOKS.values():
            current = reports[match["name"]] = {"result": match["result"], "exit": 0, "seconds": None, "lines": []}
        elif current is not None and line.startswith("- duration: "):
            current["seconds"] = float(line.removeprefix("- duration: ").rstrip("s"))
        elif current is not None and line.startswith("- exit code: "):
            current["exit"] = int(line.removeprefix("- exit code: "))
        elif current is not None and line.strip() and not line.startswith("- hook id: "):
            current["lines"].append(line)
    return reports


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", default="doma-docs", help="a folder of ../shared/projects")
    parser.add_argument("--import-extensions", action="store_true",
                        help="make the copy's conf.py import its theme and extensions")
    parser.add_argument("--pin-sphinx", action="store_true",
                        help="pin the project's Sphinx for the check hook (additional_dependencies)")
    args = parser.parse_args()
    program = tool_venv.program(".venv-hooks", "pre-commit", "pre-commit")
    with tempfile.TemporaryDirectory(prefix="sphinx-l10n-hooks-") as name:
        temp = pathlib.Path(name)
        repo = temp / args.project
        shutil.copytree(PROJECTS / args.project, repo)  # no settings added: sphinx-l10n finds conf.py and reads it
        if args.import_extensions:
            conf = min(repo.rglob("conf.py"), key=lambda path: len(path.parts))  # the project's, not a vendored one
            print(f"{conf.relative_to(repo)} imports {', '.join(import_extensions(conf))}")
        commit(repo)
        catalogs = sorted(repo.rglob("*.po"))
        files = [str(path.relative_to(repo)) for path in catalogs[:3]]
        print(f"project {args.project}: {len(catalogs)} catalogs; hooks run on {', '.join(files)}")
        # A pre-commit cache of the run's own: every run installs afresh, as a maintainer's first commit does.
        env = {**os.environ, "PRE_COMMIT_HOME": str(temp / "cache")}
        if args.pin_sphinx:
            requirement = project_sphinx(PROJECTS / args.project)
            print(f"check hook: additional_dependencies [{requirement}]")
            command = [str(program), "run", "--config", str(pinned_config(temp, repo, requirement)), "--verbose",
                       "--files", *files]
        else:
            command = [str(program), "try-repo", str(ROOT), "--verbose", "--files", *files]
        start = time.perf_counter()
        result = subprocess.run(command, cwd=repo, capture_output=True, text=True, env=env)
        seconds = time.perf_counter() - start
    output = result.stdout + result.stderr
    reports = hook_reports(output)
    ran = sum(report["seconds"] or 0.0 for report in reports.values())
    print(f"pre-commit exit {result.returncode} in {seconds:.1f} s (set-up, the install: {seconds - ran:.1f} s)")
    failed = False
    for hook, name in HOOKS.items():
        report = reports.get(name)
        if report is None:
            failed = True
            print(f"\n{hook}: DID NOT RUN")
            for line in [line for line in output.splitlines() if line.strip()][-15:]:
                print(f"  {line}")
            continue
        verdict = report["exit"] in (0, 1)  # 2: an input (conf.py, a catalog) it could not read
        failed |= not verdict
        print(f"\n{hook}: {report['result']}, exit {report['exit']} in {report['seconds']} s "
              f"({'ran' if verdict else 'DID NOT COMPLETE'})")
        for line in report["lines"][:15]:
            print(f"  {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
