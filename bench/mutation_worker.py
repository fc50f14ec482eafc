"""One worker of bench/mutation.py, run by Cosmic Ray's own Python (bench/.venv-cosmic-ray) in a copy of the checkout.

    python mutation_worker.py PLAN RESULTS

PLAN is a JSON file: {"session", "python", "mutants": [{"job_id", "tests": [test ...], "timeout", "then"} ...]}.
Each mutant is written into the module's file with Cosmic Ray's operator and judged by its tests
(chosen by bench/mutation.py); with no test, it survives. One that survives them is judged again by
"then", a whole command (the oldest supported Sphinx's tests), where there is one. One JSON line per
mutant is appended to RESULTS: {"job_id", "line", "outcome": "killed" | "survived" | "incompetent",
"covered", "diff"}.
"""

import contextlib
import difflib
import json
import pathlib
import shlex
import sys

import cosmic_ray.plugins
from cosmic_ray.mutating import use_mutation
from cosmic_ray.testing import run_tests
from cosmic_ray.work_db import WorkDB, use_db


def pytest_command(python, tests):
    return shlex.join([python, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests])


def forget_bytecode(module_path):
    """Remove the module's cached bytecode: it is trusted by the source's mtime in seconds and its size, so a
    mutant of the same size written within the second of the last one would run as the last one."""
    for cached in pathlib.Path(module_path).parent.glob(f"__pycache__/{pathlib.Path(module_path).stem}.*.pyc"):
        cached.unlink(missing_ok=True)


def judge(spec, plan, mutant):
    """(outcome, diff) of one mutant."""
    tests, timeout = mutant["tests"], mutant["timeout"]
    operator = cosmic_ray.plugins.get_operator(spec.operator_name)(**(spec.operator_args or {}))
    with contextlib.ExitStack() as stack:
        try:
            before, after = stack.enter_context(use_mutation(spec.module_path, operator, spec.occurrence))
        except Exception as exc:  # Cosmic Ray cannot make this one (8.7's ExceptionReplacer on some except clauses)
            print(f"{spec.module_path}:{spec.start_pos[0]}: {spec.operator_name}: not made: {exc!r}", file=sys.stderr)
            return "incompetent", ""
        if after is None:
            return "incompetent", ""
        forget_bytecode(spec.module_path)
        diff = "\n".join(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
        if not tests:
            return "survived", diff
        outcome, _output = run_tests(pytest_command(plan["python"], tests), timeout)
        if outcome.value == "survived" and mutant.get("then"):
            outcome, _output = run_tests(shlex.join(mutant["then"]), timeout)
        return str(outcome.value), diff


def main():
    with open(sys.argv[1], encoding="utf-8") as plan_file:
        plan = json.load(plan_file)
    with use_db(plan["session"], WorkDB.Mode.open) as db:
        items = {item.job_id: item for item in db.work_items}
    with open(sys.argv[2], "a", encoding="utf-8") as results:
        for mutant in plan["mutants"]:
            spec = items[mutant["job_id"]].mutations[0]
            outcome, diff = judge(spec, plan, mutant)
            record = {"job_id": mutant["job_id"], "line": spec.start_pos[0], "outcome": outcome,
                      "covered": mutant["covered"], "diff": diff}
            results.write(json.dumps(record) + "\n")
            results.flush()


if __name__ == "__main__":
    main()
