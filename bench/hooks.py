"""The pre-commit hooks of .pre-commit-hooks.yaml, used by another repository.

    python bench/hooks.py [--project NAME]

Copies a real project from ../shared/projects (default: doma-docs, English
to Japanese) into a temporary git repository, adds the one line of
[tool.sphinx-l10n] it needs, and runs `pre-commit try-repo` on this checkout
(uncommitted changes included) for each hook on three of its catalogs, as
that project's maintainers would: pre-commit installs l10n from this
checkout into a venv of its own and passes it the catalogs.
Prints each hook's exit status, time and first lines of output. Exit 0 when
both hooks ran (whatever they found), 1 when a hook could not be installed or
run. pre-commit is installed for the benchmark only, in bench/.venv-hooks.
"""

import argparse
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

import tool_venv

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
PROJECTS = ROOT.parent / "shared" / "projects"
HOOKS = ("l10n-format", "l10n-check")
HOOK_NAMES = {"l10n-format": "sphinx-l10n format --check", "l10n-check": "sphinx-l10n check"}  # their names in the manifest


def git(repo, *args):
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", *args],
                   cwd=repo, check=True, capture_output=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", default="doma-docs", help="a folder of ../shared/projects")
    args = parser.parse_args()
    program = tool_venv.program(".venv-hooks", "pre-commit", "pre-commit")
    failed = False
    with tempfile.TemporaryDirectory(prefix="l10n-hooks-") as temp:
        repo = pathlib.Path(temp) / args.project
        shutil.copytree(PROJECTS / args.project, repo)
        # Nothing to add: l10n finds docs/conf.py and reads the msgids' language there.
        git(repo, "init", "-q")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "snapshot")
        catalogs = sorted(repo.rglob("*.po"))
        files = [str(path.relative_to(repo)) for path in catalogs[:3]]
        print(f"project {args.project}: {len(catalogs)} catalogs; hooks run on {', '.join(files)}")
        for hook in HOOKS:
            command = [str(program), "try-repo", str(ROOT), hook, "--verbose", "--files", *files]
            start = time.perf_counter()
            result = subprocess.run(command, cwd=repo, capture_output=True, text=True)
            seconds = time.perf_counter() - start
            output = result.stdout + result.stderr
            ran = "An error has occurred" not in output and "An unexpected error" not in output
            failed |= not ran
            print(f"\n{hook}: exit {result.returncode} in {seconds:.1f} s ({'ran' if ran else 'DID NOT RUN'})")
            # What the hook printed, after pre-commit's own preamble (config, set-up).
            lines = [line for line in output.splitlines() if line.strip() and not line.startswith(("[INFO]", "[WARNING]"))]
            start_of_run = next((i for i, line in enumerate(lines) if line.startswith(HOOK_NAMES[hook])), 0)
            for line in lines[start_of_run:start_of_run + 15]:
                print(f"  {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
