"""Build every language's HTML site and PDF, in parallel, one Sphinx per language."""

import concurrent.futures
import dataclasses
import os
import re
import shutil
import subprocess
import time

from l10n import L10nError, project

_MISSING_CHARACTER = re.compile(r"^Missing character: .*$", re.MULTILINE)


@dataclasses.dataclass
class Result:
    lang: str
    target: str
    ok: bool
    seconds: float
    detail: str = ""


def html(config, lang):
    outdir = config.build_dir / "html" / lang
    options = ["-W", "--keep-going"] if lang == config.source_language or config.languages.get(lang) == "release" else []
    command = project.sphinx_command(config, "html", outdir, lang=lang, doctrees=config.build_dir / "doctrees" / lang, options=options)
    return _run(command, config.root)


def pdf(config, lang):
    latex_dir = config.build_dir / "latex" / lang
    command = project.sphinx_command(config, "latex", latex_dir, lang=lang, doctrees=config.build_dir / "doctrees" / f"latex-{lang}")
    error = _run(command, config.root)
    if error:
        return error
    name = f"{config.project}-{lang}"
    latexmk = ["latexmk", "-r", "latexmkrc", "-interaction=nonstopmode", "-halt-on-error", "-pdf", f"{name}.tex"]
    if shutil.which("latexmk") is None:
        return "latexmk not found; run `make system-deps`"
    result = subprocess.run(latexmk, cwd=latex_dir, capture_output=True, text=True, errors="replace")
    log_path = latex_dir / f"{name}.log"
    log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
    if result.returncode != 0:
        errors = [line for line in log.splitlines() if line.startswith("!")]
        return f"{log_path}: LaTeX failed: {errors[0] if errors else 'see the log'}"
    missing = _MISSING_CHARACTER.findall(log)
    if missing:
        return f"{log_path}: {missing[0]} (a font lacks a glyph; the PDF would show a gap)"
    # build/pdf/ for people and CI; build/html/pdf/ so the site links to it.
    for folder in (config.build_dir / "pdf", config.build_dir / "html" / "pdf"):
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(latex_dir / f"{name}.pdf", folder / f"{name}.pdf")
    return ""


def _run(command, cwd):
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        lines = [l for l in (result.stderr + result.stdout).splitlines() if l.strip()]
        return lines[-1] if lines else f"exit status {result.returncode}"
    return ""


def build(config, languages=None, *, targets=("html", "pdf"), jobs=None, report=print):
    """Build each (language, target); return the list of Results."""
    languages = list(languages or config.all_languages)
    for lang in languages:
        if lang not in config.all_languages:
            raise L10nError(f"language {lang!r} is not configured; configured: {', '.join(config.all_languages)}")
    builders = {"html": html, "pdf": pdf}
    tasks = [(lang, target) for lang in languages for target in targets if _wants(config, lang, target)]
    jobs = jobs or os.cpu_count() or 1
    results = []

    def run(task):
        lang, target = task
        start = time.monotonic()
        detail = builders[target](config, lang)
        return Result(lang, target, not detail, time.monotonic() - start, detail)

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for done, result in enumerate(pool.map(run, tasks), 1):
            results.append(result)
            report(f"[{done}/{len(tasks)}] {result.target} {result.lang}: {'ok' if result.ok else 'FAILED'} ({result.seconds:.1f} s)")
    return results


def _wants(config, lang, target):
    return True  # every language gets its site and its PDF, in-progress ones included


def summary(results):
    lines = [f"{'language':<10}{'target':<8}{'status':<8}{'seconds':>8}  detail"]
    for r in results:
        lines.append(f"{r.lang:<10}{r.target:<8}{'ok' if r.ok else 'FAILED':<8}{r.seconds:>8.1f}  {r.detail}")
    return "\n".join(lines)
