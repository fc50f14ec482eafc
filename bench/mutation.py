"""Mutation testing of the core: the score per module and the mutants that survive, with Cosmic Ray.

    python bench/mutation.py [--module NAME ...] [--sample N] [--seed S] [--workers N] [--timeout SECONDS] [--keep DIR]

Cosmic Ray, not mutmut: it writes each mutant into the module's file and runs a test command,
so the mutant is what every process of the test sees, and most of this project's tests run the
`sphinx-l10n` command or Sphinx in a process of their own; mutmut 3 routes calls to a mutant
only in the test's own process, by the functions it saw each test call.

What Cosmic Ray lacks, running only the tests that reach a mutant, is done here with coverage.py,
as mutmut does it: the whole suite runs once under coverage in a copy of this checkout (its
subprocesses and Sphinx's workers included), each line recording the tests that ran it. Each
mutant (Cosmic Ray's operators, `cosmic-ray init`) is then judged in a copy of its own
(bench/mutation_worker.py) by the tests that ran its line, quickest first; a line coverage does not
see run (a module's constants, run at import; an audit hook, which Python does not trace; or a
line no test reaches) by every test of the files that guard its module (MODULES), and, where it
survives them, by those files' tests in `make test-oldest` (a line the installed Sphinx never runs
may be there for the oldest one). A mutant that makes a test fail, or time out, is killed. Tests
that fail with no mutant are left out. Mutants inside annotations the module never evaluates (a
local variable's, or any under `from __future__ import annotations`) are left out before the draw.

--sample N tests N mutants of each module drawn at random (the score is then an estimate, printed
with its 95% Wilson interval); without it, every mutant. Mutants listed in
bench/equivalent-mutants.txt, with a one-line reason each (a change no behaviour can tell), are
left out of the score. Reads nothing from ../shared.
"""

import argparse
import ast
import json
import math
import os
import pathlib
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import tool_venv  # noqa: E402

EQUIVALENT = HERE / "equivalent-mutants.txt"
COSMIC_RAY = "cosmic-ray==8.7.0"
COVERAGE = "coverage==7.18.0"

# module: (its file, the test files that guard it)
BUILD_TESTS = ["tests/test_build.py", "tests/test_languages.py", "tests/test_faults.py"]
CATALOG_TESTS = ["tests/test_catalogs.py", "tests/test_layouts.py", "tests/test_foreign_projects.py", "tests/test_faults.py"]
MODULES = {
    **{f"catalogs-{part}": (f"sphinx_l10n/catalogs/{part}.py", CATALOG_TESTS) for part in ("reading", "writing", "merging")},
    "fileio": ("sphinx_l10n/fileio.py", CATALOG_TESTS),
    "safety": ("sphinx_l10n/safety.py", ["tests/test_security.py", "tests/test_checks.py"]),
    "guard": ("sphinx_l10n/sphinxext/guard.py", ["tests/test_security.py"]),
    "rst": ("sphinx_l10n/markup/rst.py", ["tests/test_checks.py", "tests/test_sphinx_oracle.py", "tests/test_defects.py"]),
    "checks-markup": ("sphinx_l10n/checks/markup.py", ["tests/test_checks.py", "tests/test_defects.py"]),
    "checks-sphinx": ("sphinx_l10n/checks/sphinx.py", ["tests/test_checks.py", "tests/test_sphinx_oracle.py"]),
    "checks-security": ("sphinx_l10n/checks/security.py", ["tests/test_security.py", "tests/test_checks.py"]),
    "checks-numbers": ("sphinx_l10n/checks/numbers.py", ["tests/test_checks.py", "tests/test_defects.py"]),
    "verdict": ("sphinx_l10n/markup/verdict.py", ["tests/test_checks.py", "tests/test_sphinx_oracle.py"]),
    "build": ("sphinx_l10n/site/build.py", BUILD_TESTS),
    # What build.py held before the site/ package: each part of the build the same tests guard.
    **{f"site-{part}": (f"sphinx_l10n/site/{part}.py", BUILD_TESTS)
       for part in ("compiled", "runner", "folders", "manifest", "pdf", "sphinx_warnings")},
    "assemble": ("sphinx_l10n/site/assemble.py", ["tests/test_build.py", "tests/test_site_links.py",
                                             "tests/test_languages.py"]),
}

# Started in every Python process of the coverage run (sitecustomize), and in pytest's, where
# each test switches the context to its own id; a subprocess takes its test's id from the
# environment, as its static context.
SITECUSTOMIZE = "import coverage\ncoverage.process_startup()\n"
PLUGIN = '''import os
import coverage


def pytest_runtest_setup(item):
    os.environ["L10N_MUTATION_TEST"] = item.nodeid
    current = coverage.Coverage.current()
    if current is not None:
        current.switch_context(item.nodeid)
'''
COVERAGE_RC = """[run]
parallel = true
data_file = {data}
context = ${{L10N_MUTATION_TEST-}}
concurrency = thread,multiprocessing
include = */sphinx_l10n/*
"""


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


def _env(copy, *more):
    return {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, [copy, *more]))}


def coverage_library():
    """coverage.py installed apart (bench/.venv-coverage-lib), put on the tests' path only for the coverage run."""
    target = HERE / ".venv-coverage-lib"
    if not (target / "coverage").is_dir():
        print(f"installing {COVERAGE} into bench/.venv-coverage-lib ...", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--target", str(target), COVERAGE],
                       check=True)
    return target


def measure_coverage(folder):
    """{module file: {line: [test id, ...]}} from one run of the whole suite under coverage, its seconds, and
    the tests that fail with no mutant (left out of every judgement: they would kill every mutant)."""
    saved = folder / "covering.json"
    if saved.is_file():
        found = json.loads(saved.read_text(encoding="utf-8"))
        return found["lines"], found["durations"], found["failing"]
    copy, hooks, data = folder / "coverage", folder / "coverage-hooks", folder / "coverage-data"
    copy_checkout(copy)
    hooks.mkdir(exist_ok=True)
    data.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    (hooks / "l10n_mutation_contexts.py").write_text(PLUGIN, encoding="utf-8")
    rc = folder / "coverage.rc"
    rc.write_text(COVERAGE_RC.format(data=data / ".coverage"), encoding="utf-8")
    env = {**_env(copy, hooks, coverage_library()), "COVERAGE_PROCESS_START": str(rc)}
    print("running the suite once under coverage ...", flush=True)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rfE", "--durations=0", "--durations-min=0",
                           "-p", "no:cacheprovider", "-p",
                           "l10n_mutation_contexts", "tests"], cwd=copy, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - started
    (folder / "coverage-run.txt").write_text(done.stdout + done.stderr, encoding="utf-8")
    failing = failed_tests(done.stdout)
    if failing:  # under coverage, or with the copy first on the path: the suite's own checks of either
        print(f"left out, failing with no mutant: {', '.join(failing)}", flush=True)
    lines = {module: {line: [test for test in tests if test not in failing] for line, tests in by_line.items()}
             for module, by_line in _covering_lines(data, copy, env).items()}
    durations = test_durations(done.stdout)
    saved.write_text(json.dumps({"lines": lines, "durations": durations, "failing": failing}), encoding="utf-8")
    print(f"coverage run: {seconds:.0f} s", flush=True)
    return lines, durations, failing


def test_durations(output):
    """{test id: its seconds under coverage, setup and teardown included}, from pytest's --durations=0."""
    found = {}
    for line in output.splitlines():
        seconds, _phase, test = [*line.split(maxsplit=2), "", "", ""][:3]
        if seconds.endswith("s") and "::" in test and seconds[:-1].replace(".", "", 1).isdigit():
            found[test] = found.get(test, 0.0) + float(seconds[:-1])
    return found


def time_limit(tests, durations):
    """A generous limit for one run of these tests: a mutant that loops forever is killed by it."""
    chosen = [test for test in tests if not test.startswith("--")]
    expected = sum(seconds for test, seconds in durations.items() if any(
        test == chosen_test or test.startswith(chosen_test + "::") for chosen_test in chosen))
    return 60 + 3 * expected


def failed_tests(output):
    """The node ids pytest's short summary (-rfE) names as failed or in error."""
    return sorted({line.split()[1] for line in output.splitlines() if line.startswith(("FAILED ", "ERROR "))})


READ_COVERAGE = """
import collections, json, pathlib, sys
import coverage
combined = coverage.Coverage(data_file=sys.argv[1])
combined.combine([str(pathlib.Path(sys.argv[1]).parent)], keep=True)
data = combined.get_data()
found = {}
for measured in data.measured_files():
    relative = measured.partition(sys.argv[2] + "/")[2]
    if not relative:
        continue
    by_line = collections.defaultdict(set)
    for line, contexts in data.contexts_by_lineno(measured).items():
        for context in contexts:
            test = next((part for part in context.split("|") if "::" in part), None)
            if test:
                by_line[line].add(test)
    found[relative] = {line: sorted(tests) for line, tests in by_line.items()}
print(json.dumps(found))
"""


def _covering_lines(data, copy, env):
    done = subprocess.run([sys.executable, "-c", READ_COVERAGE, str(data / ".coverage"), str(copy)], env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def covering_tests(by_line, line, starts):
    """The tests that ran a mutant's line, or the statement it continues (coverage records a statement's first line)."""
    return by_line.get(str(line)) or by_line.get(str(starts.get(line, line)), [])


def statement_lines(path):
    """{line: the first line of the innermost statement holding it}, and the lines outside any function
    (run at import, before any test's context)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    starts, inside = {}, set()
    for node in ast.walk(tree):  # breadth first: an inner statement comes after, and wins
        if isinstance(node, ast.stmt):
            first = min([node.lineno, *(decorator.lineno for decorator in getattr(node, "decorator_list", []))])
            starts.update(dict.fromkeys(range(first, node.end_lineno + 1), first))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            inside.update(range(node.body[0].lineno, node.end_lineno + 1))
    return starts, set(starts) - inside


def tests_for(line, coverage, statements, guard_files):
    """The tests that judge a mutant on this line, the quickest first (most mutants fail the first test that runs
    them), and whether coverage saw a test run the line. A line coverage cannot see (run at import, or inside an
    audit hook, which Python does not trace) is judged by every test of the files that guard its module."""
    by_line, failing, durations = coverage
    starts, at_import = statements
    seen = [] if line in at_import else covering_tests(by_line, line, starts)
    tests = seen or [test for test in durations if test.split("::")[0] in guard_files and test not in failing]
    return sorted(tests, key=lambda test: durations.get(test, 0.0)), bool(seen)


def oldest_sphinx_command(guard_files):
    """The pytest command of `make test-oldest` (the oldest supported Sphinx, .venv-oldest) over the guard files
    it runs, or None: a line the installed Sphinx never runs may be there for the oldest one."""
    python = ROOT / ".venv-oldest" / "bin" / "python"
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ntest-oldest:", 1)[1].split("\n\n", 1)[0]
    files = [test for test in re.findall(r"tests/test_\w+\.py", recipe) if test in guard_files]
    selection = re.search(r'-k "([^"]*)"', recipe)
    if not python.exists() or not files:
        return None
    return [str(python), "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *files,
            *(["-k", selection.group(1)] if selection else [])]


def cosmic_ray(*args, cwd):
    """Cosmic Ray's command, from its own venv (bench/.venv-cosmic-ray); the tests run in this one."""
    program = tool_venv.program(".venv-cosmic-ray", COSMIC_RAY, "cosmic-ray")
    return subprocess.run([str(program), *map(str, args)], cwd=cwd, env=_env(cwd), check=True,
                          capture_output=True, text=True).stdout


LIST_MUTANTS = """
import json, sys
from cosmic_ray.work_db import WorkDB, use_db
with use_db(sys.argv[1], WorkDB.Mode.open) as db:
    print(json.dumps({item.job_id: item.mutations[0].start_pos for item in db.work_items}))
"""


def annotation_spans(path):
    """The (start, end) positions of the annotations a module never evaluates: a local variable's
    always (PEP 526), and every one under `from __future__ import annotations`. A mutant there is
    equivalent."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    postponed = any(isinstance(node, ast.ImportFrom) and node.module == "__future__"
                    and any(alias.name == "annotations" for alias in node.names) for node in tree.body)
    functions = [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    if postponed:
        annotations = [node.annotation for node in ast.walk(tree) if isinstance(node, (ast.arg, ast.AnnAssign))]
        annotations += [node.returns for node in functions if node.returns]
    else:
        annotations = [node.annotation for function in functions for node in ast.walk(function)
                       if isinstance(node, ast.AnnAssign)]
    return [((node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset))
            for node in annotations if node is not None]


def mutants(name, folder, copy):
    """The session (`cosmic-ray init` of the module), its mutants ({job id: the mutant's line}) and
    the number of those left out as equivalent, in an annotation never evaluated."""
    module_file, _tests = MODULES[name]
    config, session = folder / f"{name}.toml", folder / f"{name}.sqlite"
    config.write_text(f'[cosmic-ray]\nmodule-path = "{module_file}"\ntimeout = 1\nexcluded-modules = []\n'
                      f'test-command = "true"\n\n[cosmic-ray.distributor]\nname = "local"\n', encoding="utf-8")
    session.unlink(missing_ok=True)
    cosmic_ray("init", config, session, cwd=copy)
    python = tool_venv.program(".venv-cosmic-ray", COSMIC_RAY, "python")
    listed = subprocess.run([str(python), "-c", LIST_MUTANTS, str(session)], capture_output=True, text=True,
                            check=True)
    spans = annotation_spans(copy / module_file)
    positions = {job: tuple(start) for job, start in json.loads(listed.stdout).items()}
    kept = {job: start[0] for job, start in positions.items() if not any(a <= start < b for a, b in spans)}
    return session, kept, len(positions) - len(kept)


def run_workers(name, session, chosen, folder, coverage, timeout, workers):
    """Judge the chosen mutants ({job id: line}), split among `workers` copies of the checkout; their result records."""
    module_file, guard_files = MODULES[name]
    durations = coverage[2]
    statements = statement_lines(folder / "coverage" / module_file)  # the file coverage saw and the mutants are of
    oldest = oldest_sphinx_command(guard_files)
    plans = [[] for _ in range(workers)]
    for index, (job, line) in enumerate(chosen.items()):
        tests, covered = tests_for(line, coverage, statements, guard_files)
        plans[index % workers].append({"job_id": job, "tests": tests, "covered": covered,
                                       "timeout": timeout or time_limit(tests, durations),
                                       "then": None if covered else oldest})
    running = []
    for number, mutants_of_worker in enumerate(plans):
        copy = folder / f"worker-{number}"
        if not copy.is_dir():
            copy_checkout(copy)
        shutil.copy2(folder / "coverage" / module_file, copy / module_file)  # undo a mutant an interrupted run left
        plan, results = folder / f"{name}-plan-{number}.json", folder / f"{name}-results-{number}.jsonl"
        results.unlink(missing_ok=True)
        plan.write_text(json.dumps({"session": str(session), "python": sys.executable,
                                    "mutants": mutants_of_worker}), encoding="utf-8")
        python = tool_venv.program(".venv-cosmic-ray", COSMIC_RAY, "python")
        running.append((subprocess.Popen([str(python), str(HERE / "mutation_worker.py"), str(plan), str(results)],
                                         cwd=copy, env=_env(copy)), results))
    records = []
    for process, results in running:
        if process.wait():
            sys.exit(f"a mutation worker failed ({process.returncode}); its results so far: {results}")
        records += [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    return records


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


def outcomes(records, module_file):
    """(killed, survived, equivalent) mutants, each survivor as (line, removed, added)."""
    known = equivalents()
    killed, survived, equivalent = 0, [], 0
    for record in records:
        if record["outcome"] == "incompetent":
            continue  # Cosmic Ray could not apply it: no mutant to judge
        removed, added = _changed_lines(record["diff"])
        if record["outcome"] != "survived":
            killed += 1
        elif (module_file, removed, added) in known:
            equivalent += 1
        else:
            survived.append((record["line"], removed, added, record["covered"]))
    return killed, sorted(survived), equivalent


def wilson(hits, total, z=1.96):
    if not total:
        return 0.0, 0.0
    centre = (hits + z * z / 2) / (total + z * z)
    half = z * math.sqrt(hits * (total - hits) / total + z * z / 4) / (total + z * z)
    return centre - half, centre + half


def run_module(name, folder, args, coverage, timeout):
    module_file, _tests = MODULES[name]
    session, lines, in_annotations = mutants(name, folder, folder / "coverage")
    job_ids = sorted(lines)
    drawn_ids = sorted(random.Random(args.seed).sample(job_ids, min(args.sample, len(job_ids)))) if args.sample \
        else job_ids
    chosen = {job: lines[job] for job in drawn_ids}
    started = time.monotonic()
    by_line, failing, durations = coverage
    records = run_workers(name, session, chosen, folder, (by_line.get(module_file, {}), failing, durations),
                          timeout, args.workers)
    killed, survived, equivalent = outcomes(records, module_file)
    judged = killed + len(survived)
    low, high = wilson(killed, judged)
    drawn = f"{len(chosen)} of {len(job_ids)} drawn" if args.sample else f"all {len(job_ids)}"
    print(f"{module_file}: {killed}/{judged} killed, {killed / max(judged, 1):.0%} (95% {low:.0%}-{high:.0%}); "
          f"mutants: {drawn}; equivalent left out: {equivalent} listed, {in_annotations} in annotations; "
          f"{time.monotonic() - started:.0f} s", flush=True)
    unseen = sum(not covered for *_change, covered in survived)
    if unseen:
        print(f"  of the survivors, {unseen} are on lines coverage saw no test run", flush=True)
    for line, removed, added, covered in survived:
        note = "" if covered else " (coverage saw no test run it)"
        print(f"  survived {module_file}:{line}: {removed[:90]!r} -> {added[:90]!r}{note}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", choices=MODULES, help="default: every module")
    parser.add_argument("--sample", type=int, help="test N mutants of each module, drawn at random")
    parser.add_argument("--seed", type=int, default=1, help="the draw's seed (default 1)")
    parser.add_argument("--workers", type=int, default=2, help="mutants judged at once, each in a copy (default 2)")
    parser.add_argument("--timeout", type=float, help="a test run's limit, in seconds (default: a minute more "
                                                      "than three times the tests' time under coverage)")
    parser.add_argument("--keep", metavar="DIR", help="keep the copies, the coverage and the sessions in DIR "
                                                      "(a later run with the same DIR reuses the coverage)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = pathlib.Path(args.keep or temporary).resolve()
        folder.mkdir(parents=True, exist_ok=True)
        by_line, durations, failing = measure_coverage(folder)
        for name in args.module or MODULES:
            run_module(name, folder, args, (by_line, failing, durations), args.timeout)


if __name__ == "__main__":
    main()
