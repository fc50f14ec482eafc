"""Mutation testing of the core: the score per module and the mutants that survive, with Cosmic Ray.

    python bench/mutation.py [--module NAME ...] [--sample N] [--seed S] [--timeout SECONDS] [--keep DIR]

Cosmic Ray, not mutmut: it writes each mutant into the module's file and runs a test command,
so the mutant is what every process of the test sees, and most of this project's tests run the
`sphinx-l10n` command or Sphinx in a process of their own; mutmut 3 routes calls to a mutant
only in the test's own process, by the functions it saw each test call.

Each module is mutated in a copy of this checkout (its tracked files, templates extracted),
never in the checkout itself, and judged by the test files that guard it (MODULES). A mutant
that makes the tests fail, or time out, is killed; one that leaves them passing survived.
--sample N tests N mutants of each module drawn at random (the score is then an estimate,
printed with its 95% Wilson interval); without it, every mutant (hours for the larger
modules). Mutants listed in bench/equivalent-mutants.txt, with a one-line reason each (a change
no behaviour can tell), are left out of the score. Reads nothing from ../shared.
"""

import argparse
import json
import math
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import tool_venv  # noqa: E402

EQUIVALENT = HERE / "equivalent-mutants.txt"

# module: (its file, the test files that guard it)
MODULES = {
    "catalogs": ("sphinx_l10n/catalogs.py", ["tests/test_catalogs.py", "tests/test_layouts.py",
                                             "tests/test_foreign_projects.py", "tests/test_faults.py"]),
    "safety": ("sphinx_l10n/safety.py", ["tests/test_security.py", "tests/test_checks.py"]),
    "guard": ("sphinx_l10n/sphinxext/guard.py", ["tests/test_security.py"]),
    "rst": ("sphinx_l10n/rst.py", ["tests/test_checks.py", "tests/test_sphinx_oracle.py", "tests/test_defects.py"]),
    "checks-markup": ("sphinx_l10n/checks/markup.py", ["tests/test_checks.py", "tests/test_defects.py"]),
    "checks-sphinx": ("sphinx_l10n/checks/sphinx.py", ["tests/test_checks.py", "tests/test_sphinx_oracle.py"]),
    "checks-security": ("sphinx_l10n/checks/security.py", ["tests/test_security.py", "tests/test_checks.py"]),
    "checks-numbers": ("sphinx_l10n/checks/numbers.py", ["tests/test_checks.py", "tests/test_defects.py"]),
    "build": ("sphinx_l10n/build.py", ["tests/test_build.py", "tests/test_languages.py", "tests/test_faults.py"]),
    "assemble": ("sphinx_l10n/assemble.py", ["tests/test_build.py", "tests/test_site_links.py",
                                             "tests/test_languages.py"]),
}


def copy_checkout(target):
    """The tracked files of this checkout, its templates extracted as `make` extracts them."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source, destination = ROOT / name, target / name
        if source.is_file():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
    (target / ".venv").symlink_to(ROOT / ".venv")  # axe-core and the browser, for the tests that use them
    subprocess.run([sys.executable, "-m", "sphinx_l10n", "extract"], cwd=target, env=_env(target), check=True,
                   capture_output=True)


def _env(copy):
    return {**os.environ, "PYTHONPATH": str(copy)}


def config_text(module_file, tests, timeout):
    command = f"{sys.executable} -m pytest -x -q -p no:cacheprovider {' '.join(tests)}"
    return (f'[cosmic-ray]\nmodule-path = "{module_file}"\ntimeout = {timeout}\nexcluded-modules = []\n'
            f'test-command = "{command}"\n\n[cosmic-ray.distributor]\nname = "local"\n')


def cosmic_ray(*args, cwd):
    """Cosmic Ray's command, from its own venv (bench/.venv-cosmic-ray); the tests run in this one."""
    program = tool_venv.program(".venv-cosmic-ray", "cosmic-ray==8.7.0", "cosmic-ray")
    return subprocess.run([str(program), *map(str, args)], cwd=cwd, env=_env(cwd), check=True,
                          capture_output=True, text=True).stdout


SAMPLE = """
import random, sys
from cosmic_ray.work_db import WorkDB, use_db
from cosmic_ray.work_item import WorkerOutcome, WorkResult
with use_db(sys.argv[1], WorkDB.Mode.open) as db:
    jobs = sorted(item.job_id for item in db.pending_work_items)
    kept = set(random.Random(int(sys.argv[3])).sample(jobs, min(int(sys.argv[2]), len(jobs))))
    db.set_multiple_results(sorted(set(jobs) - kept), WorkResult(worker_outcome=WorkerOutcome.SKIPPED))
    print(len(jobs))
"""


def keep_sample(session, size, seed):
    """Mark all but size mutants, drawn at random, as skipped (as Cosmic Ray's own filters do); how many there were."""
    python = tool_venv.program(".venv-cosmic-ray", "cosmic-ray==8.7.0", "python")
    done = subprocess.run([str(python), "-c", SAMPLE, str(session), str(size), str(seed)], capture_output=True,
                          text=True, check=True)
    return int(done.stdout.strip())


def equivalents():
    """(module file, the line removed, the line added) of each mutant known to be equivalent."""
    found = set()
    if EQUIVALENT.is_file():
        for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                module_file, removed, added, _reason = line.split("\t")
                found.add((module_file, removed, added))
    return found


def _changed_lines(diff):
    removed = [line[1:].strip() for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:].strip() for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    return " / ".join(removed), " / ".join(added)


def outcomes(session, module_file, copy):
    """(killed, survived, equivalent) mutants, each survivor as (line, removed, added)."""
    known = equivalents()
    killed, survived, equivalent = 0, [], 0
    for line in cosmic_ray("dump", session, cwd=copy).splitlines():
        item, result = json.loads(line)
        if not result or result.get("test_outcome") is None:
            continue  # skipped: not in the sample
        removed, added = _changed_lines(result.get("diff") or "")
        if result["test_outcome"] != "survived":
            killed += 1
        elif (module_file, removed, added) in known:
            equivalent += 1
        else:
            survived.append((item["mutations"][0]["start_pos"][0], removed, added))
    return killed, sorted(survived), equivalent


def wilson(hits, total, z=1.96):
    if not total:
        return 0.0, 0.0
    centre = (hits + z * z / 2) / (total + z * z)
    half = z * math.sqrt(hits * (total - hits) / total + z * z / 4) / (total + z * z)
    return centre - half, centre + half


def run_module(name, folder, sample, seed, timeout):
    module_file, tests = MODULES[name]
    copy = folder / name
    copy_checkout(copy)
    config, session = copy / "mutation.toml", copy / "mutation.sqlite"
    config.write_text(config_text(module_file, tests, timeout), encoding="utf-8")
    cosmic_ray("init", config, session, cwd=copy)
    total = keep_sample(session, sample, seed) if sample else None
    cosmic_ray("exec", config, session, cwd=copy)
    killed, survived, equivalent = outcomes(session, module_file, copy)
    judged = killed + len(survived)
    low, high = wilson(killed, judged)
    drawn = f"{judged} of {total} drawn" if total is not None else f"{judged}, every one"
    print(f"{module_file}: {killed}/{judged} killed, {killed / max(judged, 1):.0%} (95% {low:.0%}-{high:.0%}); "
          f"mutants tested: {drawn}; equivalent left out: {equivalent}", flush=True)
    for line, removed, added in survived:
        print(f"  survived {module_file}:{line}: {removed[:90]!r} -> {added[:90]!r}", flush=True)
    return killed, judged


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", choices=MODULES, help="default: every module")
    parser.add_argument("--sample", type=int, help="test N mutants of each module, drawn at random")
    parser.add_argument("--seed", type=int, default=1, help="the draw's seed (default 1)")
    parser.add_argument("--timeout", type=float, default=600.0, help="a test run's limit, in seconds (default 600)")
    parser.add_argument("--keep", metavar="DIR", help="keep the copies and sessions in DIR")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = pathlib.Path(args.keep or temporary)
        folder.mkdir(parents=True, exist_ok=True)
        for name in args.module or MODULES:
            run_module(name, folder, args.sample, args.seed, args.timeout)


if __name__ == "__main__":
    main()
