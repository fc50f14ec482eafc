"""A baseline tool installed for the benchmarks only, in a venv of its own under bench/."""

import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent


def program(venv_name: str, requirement: str, name: str) -> pathlib.Path:
    """bench/<venv_name>/bin/<name>, installing <requirement> (one or more, space-separated) there the first time."""
    venv = HERE / venv_name
    path = venv / "bin" / name
    if not path.exists():
        print(f"installing {requirement} into bench/{venv_name} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", *requirement.split()], check=True)
    return path
