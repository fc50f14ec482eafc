"""Build every language's HTML site and PDF, in parallel, one Sphinx per language."""

import concurrent.futures
import contextlib
import dataclasses
import json
import os
import pathlib
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable, Sequence

from l10n import L10nError, catalogs, project
from l10n.config import Config

_MISSING_CHARACTER = re.compile(r"^Missing character: .*$", re.MULTILINE)


@dataclasses.dataclass
class Result:
    lang: str
    target: str
    ok: bool
    seconds: float
    detail: str = ""
    input_error: bool = False  # a catalog could not be read: the user's file, not the build


# A fresh Sphinx environment each time inputs change: Sphinx does not notice
# a catalog of another language (the status page, the banner's percentage)
# or our extension's code changing; a full build of one language takes ~1 s.
FRESH = ["-E"]


def _strict(config: Config, lang: str) -> list[str]:
    """Warnings are errors for the source and the release languages."""
    return ["-W", "--keep-going"] if lang == config.source_language or config.languages.get(lang) == "release" else []


def html(config: Config, lang: str) -> str:
    outdir = config.build_dir / "html" / lang
    options = [*FRESH, *_strict(config, lang)]
    doctrees = config.build_dir / "doctrees" / lang
    command = project.sphinx_command(config, "html", outdir, lang=lang, doctrees=doctrees, options=options)
    return _run(command, config.root)


def pdf(config: Config, lang: str) -> str:
    latex_dir = config.build_dir / "latex" / lang
    doctrees = config.build_dir / "doctrees" / f"latex-{lang}"
    options = [*FRESH, *_strict(config, lang)]
    command = project.sphinx_command(config, "latex", latex_dir, lang=lang, doctrees=doctrees, options=options)
    error = _run(command, config.root)
    if error:
        return error
    name = f"{config.project}-{lang}"
    latexmk = ["latexmk", "-r", "latexmkrc", "-interaction=nonstopmode", "-halt-on-error", "-pdf", f"{name}.tex"]
    if shutil.which("latexmk") is None:
        return "latexmk not found: install TeX Live's latexmk (Debian: apt-get install latexmk)"
    result = subprocess.run(latexmk, cwd=latex_dir, capture_output=True, text=True, errors="replace")
    log_path = latex_dir / f"{name}.log"
    log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
    if result.returncode != 0:
        return latex_failure(latex_dir / f"{name}.tex", log, result.stdout + result.stderr)
    missing = _MISSING_CHARACTER.findall(log)
    if missing:
        return f"{log_path}: {missing[0]} (a font lacks a glyph; the PDF would show a gap)"
    # build/pdf/ for people and CI; build/html/pdf/ so the site links to it.
    for folder in (config.build_dir / "pdf", config.build_dir / "html" / "pdf"):
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(latex_dir / f"{name}.pdf", folder / f"{name}.pdf")
    return ""


def latex_failure(tex: pathlib.Path, log: str, output: str) -> str:
    """Why latexmk made no PDF of tex, in one line: LaTeX's first error (a "!" line of the log),
    else what latexmk said (it may have stopped before LaTeX wrote a log), naming a file that exists."""
    if not tex.is_file():
        written = ", ".join(sorted(path.name for path in tex.parent.glob("*.tex"))) or "none"
        return f"{tex}: Sphinx wrote no such file (it wrote: {written})"
    log_path = tex.with_suffix(".log")
    first = next((line for line in log.splitlines() if line.startswith("!")), None)
    if first is not None:
        return f"{log_path}: LaTeX failed: {first}"
    said = [line.strip() for line in output.splitlines() if line.strip()]
    reason = next((line for line in said if "rror" in line or line.startswith("!")), said[-1] if said else "no output")
    return f"{log_path if log else tex}: LaTeX failed: {reason}"


def _run(command: list[str], cwd: pathlib.Path) -> str:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    return project.sphinx_failure(result.stderr + result.stdout, result.returncode) if result.returncode != 0 else ""


def inputs_digest(config: Config) -> str:
    """One hash of everything a build reads: sources, catalogs, configuration, our code, Sphinx."""
    import hashlib

    import sphinx

    digest = hashlib.sha256(sphinx.__version__.encode())
    package = pathlib.Path(__file__).resolve().parent
    files = [config.conf_dir / "conf.py", *([config.settings_file] if config.settings_file else [])]
    for folder in (config.source_dir, config.locale_dir, package):
        files += [p for p in folder.rglob("*") if p.is_file() and p.suffix not in (".mo", ".pyc")
                  and not p.is_relative_to(config.build_dir)]
    for path in sorted(set(files)):
        digest.update(str(path.relative_to(config.root) if path.is_relative_to(config.root) else path).encode())
        try:
            digest.update(path.read_bytes())
        except OSError as exc:  # reported by the build that reads it
            digest.update(str(exc).encode())
    return digest.hexdigest()


def _durations_file(config: Config) -> pathlib.Path:
    return config.build_dir / "stamps" / "durations.json"


def _durations(config: Config) -> dict[str, float]:
    try:
        durations = json.loads(_durations_file(config).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(durations, dict):
        return {}
    return {task: float(seconds) for task, seconds in durations.items() if isinstance(seconds, int | float)}


def _read_stamp(stamp: pathlib.Path) -> str | None:
    try:
        return stamp.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None  # no stamp, or a damaged one: build again


def _compile_catalogs(config: Config, lang: str) -> str:
    """Compile a language's .mo files; why it cannot be built, or ''."""
    folder = config.catalog_dir(lang)
    found = sorted(folder.rglob("*.po"))
    if not found:  # Sphinx would build the page untranslated, in the source language
        return f"{folder}:0: no catalogs for {lang}: run `l10n update` (else the page is built in the source language)"
    problems = []
    for po_path in found:
        try:
            catalogs.compile_mo(po_path)
        except L10nError as exc:
            problems.append(str(exc))
    return problems[0] + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "") if problems else ""


def _guess(lang: str, target: str) -> float:
    from l10n.config import base_language
    from l10n.sphinxext import CJK_FONTS

    if target == "pdf":
        return 15.0 if base_language(lang) in CJK_FONTS else 3.0
    return 1.0


def _stamp(config: Config, lang: str, target: str) -> pathlib.Path:
    return config.build_dir / "stamps" / f"{lang}-{target}"


def _output(config: Config, lang: str, target: str) -> pathlib.Path:
    if target == "html":
        return config.build_dir / "html" / lang / "index.html"
    return config.build_dir / "pdf" / f"{config.project}-{lang}.pdf"


def build(config: Config, languages: Iterable[str] | None = None, *, targets: Sequence[str] = ("html", "pdf"),
          jobs: int | None = None, report: Callable[[str], object] = print) -> list[Result]:
    """Build each (language, target); return the list of Results.

    Each runs in its own Sphinx process with its own doctrees, up to
    ``jobs`` at once; one that fails does not stop the others. A target
    whose inputs have not changed since its last successful build is
    skipped at once.
    """
    languages = list(languages or config.all_languages)
    for lang in languages:
        if lang not in config.all_languages:
            raise L10nError(f"language {lang!r} is not configured; configured: {', '.join(config.all_languages)}")
    builders = {"html": html, "pdf": pdf}
    tasks = [(lang, target) for lang in languages for target in targets]  # every language: site and PDF
    # Longest first (timings of the last build, else a guess): on few cores
    # the run ends when its longest task does, so that one must start first.
    durations = _durations(config)
    tasks.sort(key=lambda task: -durations.get(f"{task[0]}-{task[1]}", _guess(*task)))
    jobs = jobs or os.cpu_count() or 1
    results = []

    digest = inputs_digest(config)
    broken = {lang: problem for lang in languages if lang in config.languages
              for problem in [_compile_catalogs(config, lang)] if problem}

    def run(task: tuple[str, str]) -> Result:
        lang, target = task
        start = time.monotonic()
        if lang in broken:
            return Result(lang, target, False, 0.0, broken[lang], input_error=True)
        stamp = _stamp(config, lang, target)
        if _output(config, lang, target).is_file() and _read_stamp(stamp) == digest:
            return Result(lang, target, True, time.monotonic() - start, "up to date")
        try:
            stamp.unlink(missing_ok=True)
            detail = builders[target](config, lang)
            if not detail:
                stamp.parent.mkdir(parents=True, exist_ok=True)
                stamp.write_text(digest)
        except OSError as exc:  # the build folder: unwritable, full, a file where a folder goes
            detail = f"{exc.filename or config.build_dir}: cannot write: {exc.strerror or exc}"
        return Result(lang, target, not detail, time.monotonic() - start, detail)

    # Threads only wait: each task's work happens in its own Sphinx/LaTeX processes.
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(run, task) for task in tasks]
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            result = future.result()
            results.append(result)
            state = "up to date" if result.detail == "up to date" else ("ok" if result.ok else "FAILED")
            report(f"[{done}/{len(tasks)}] {result.target} {result.lang}: {state} ({result.seconds:.1f} s)")
    durations.update({f"{r.lang}-{r.target}": r.seconds for r in results if r.ok and r.detail != "up to date"})
    with contextlib.suppress(OSError):  # only a hint for the next run's order
        _durations_file(config).parent.mkdir(parents=True, exist_ok=True)
        _durations_file(config).write_text(json.dumps(durations, indent=1, sort_keys=True))
    if "html" in targets:
        try:
            write_language_chooser(config)
        except OSError as exc:
            raise L10nError(f"{exc.filename or config.build_dir}: cannot write the language chooser: "
                            f"{exc.strerror or exc}") from None
    results.sort(key=lambda r: (config.all_languages.index(r.lang), r.target))
    return results


def built_sites(config: Config) -> list[str]:
    """The languages whose HTML site was built and not failed since: its page and its stamp are there
    (a build removes the stamp when it starts and writes it back only when it succeeds)."""
    return [code for code in config.all_languages
            if _output(config, code, "html").is_file() and _stamp(config, code, "html").is_file()]


def write_language_chooser(config: Config) -> None:
    """build/html/index.html: links to every language built; with JavaScript, the reader's own."""
    from html import escape

    from l10n.sphinxext import language_name

    built = built_sites(config)
    default = config.source_language if config.source_language in built else (built or [config.source_language])[0]
    items = "\n".join(
        f'    <li><a href="{code}/index.html" hreflang="{code}" lang="{code}">{escape(language_name(code))}</a></li>'
        for code in built)
    codes = ", ".join(f'"{code}"' for code in built)
    page = f"""<!DOCTYPE html>
<html lang="{config.source_language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(config.project)}</title>
{chr(10).join(f'<link rel="alternate" hreflang="{code}" href="{code}/index.html">' for code in built)}
<link rel="alternate" hreflang="x-default" href="{default}/index.html">
<script>
(function () {{
  var available = [{codes}];
  var wanted = navigator.languages || [navigator.language || ""];
  for (var i = 0; i < wanted.length; i++) {{
    var code = String(wanted[i]).toLowerCase();
    var base = code.split("-")[0];
    for (var j = 0; j < available.length; j++) {{
      if (available[j].toLowerCase() === code || available[j].toLowerCase() === base) {{
        window.location.replace(available[j] + "/index.html");
        return;
      }}
    }}
  }}
  window.location.replace("{default}/index.html");
}})();
</script>
</head>
<body>
<h1>{escape(config.project)}</h1>
<ul>
{items}
</ul>
</body>
</html>
"""
    target = config.build_dir / "html" / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")


def summary(results: Iterable[Result]) -> str:
    lines = [f"{'language':<10}{'target':<8}{'status':<8}{'seconds':>8}  detail"]
    for r in results:
        lines.append(f"{r.lang:<10}{r.target:<8}{'ok' if r.ok else 'FAILED':<8}{r.seconds:>8.1f}  {r.detail}")
    return "\n".join(lines)
