"""Bounded cost on hostile input: each crafted input through the real command, in seconds and MB.

    python bench/size.py [--case NAME ...] [--keep DIR] [--code DIR --timeout SECONDS]

Builds, in a temporary folder, a small project (conf.py, pyproject.toml, sources,
templates and a German catalog) and one crafted input per case, then runs the
command a maintainer or a CI would run on it, and measures its time and peak
memory (resident sets summed over the process tree: bench/check.py's run):

- `1mb`: one translation of 1 MB made of what docutils and regular expressions
  read in quadratic time (start-strings left open, hyphenated runs, spaces after
  "<", field-like lines, stops): `check`;
- `entries`: one catalog of 100,000 ordinary entries: `check` of the catalog;
- `near-duplicates`: 2,000 entries whose sources differ only by trailing spaces,
  each translated its own way: `check` of the project (the `inconsistent` report);
- `sentences`: one entry of 1,500 sentences whose source changed one of them:
  `update` (sentence alignment, fuzzy matching);
- `tmx`: a 10 MB TMX file that names one entity over and over: `tm import`;
- `format`: the 1 MB translation, and a 1 MB word, written in Babel's layout
  (whose wrapping reads a word again from each character): `format --layout babel`;
- `at-bounds`: 1 MB of messages each just within what docutils is given (16 KB,
  inline markup read 250 times over, or titles): `check` (time linear in size);
- `build`: the 1 MB translation of a paragraph the source holds: `build --html`
  (Sphinx reads translations with docutils; the build leaves out what it would
  read in quadratic time, and says so).

Each must finish within CEILING_SECONDS and CEILING_MB, and end as its case says
(checked, or refused with one line); the table gives each figure beside them, and
`start-up`, the same `check` on the project alone, measured in the same run.
--code measures another checkout's sphinx_l10n (an older commit, exported with
`git archive`), stopped after --timeout seconds. Reads nothing from ../shared.
Exit status 1 when a case exceeds a ceiling or ends otherwise.
"""

import argparse
import dataclasses
import os
import pathlib
import sys
import tempfile
from collections.abc import Callable

from check import run

ROOT = pathlib.Path(__file__).resolve().parent.parent
CEILING_SECONDS = 10.0
CEILING_MB = 500.0
LANG = "de"
MB = 1 << 20

CONF = 'project = "Size"\nlanguage = "en"\nlocale_dirs = ["../locales"]\ngettext_compact = False\n'
SETTINGS = '[tool.sphinx-l10n]\nproject = "size"\nsource_dir = "source"\n\n[tool.sphinx-l10n.languages]\nde = "in-progress"\n'
HEADER = ('msgid ""\nmsgstr ""\n"Project-Id-Version: size\\n"\n"MIME-Version: 1.0\\n"\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n')


def _quoted(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", '\\n"\n"') + '"'


def write_document(project, document, pairs):
    """A document's source, its template and its German catalog, of (msgid, msgstr) pairs; the catalog's path."""
    (project / "source" / f"{document}.rst").write_text("Title\n=====\n", encoding="utf-8")
    pot = project / "build" / "gettext" / f"{document}.pot"
    po = project / "locales" / LANG / "LC_MESSAGES" / f"{document}.po"
    with pot.open("w", encoding="utf-8") as template, po.open("w", encoding="utf-8") as catalog:
        template.write(HEADER + "\n")
        catalog.write(HEADER + f'"Language: {LANG}\\n"\n\n')
        for line, (msgid, msgstr) in enumerate(pairs, 1):
            entry = f"#: {document}.rst:{line}\nmsgid {_quoted(msgid)}\n"
            template.write(entry + 'msgstr ""\n\n')
            catalog.write(entry + f"msgstr {_quoted(msgstr)}\n\n")
    return po


def new_project(folder):
    project = pathlib.Path(folder)
    for sub in ("source", "build/gettext", f"locales/{LANG}/LC_MESSAGES"):
        (project / sub).mkdir(parents=True, exist_ok=True)
    (project / "conf.py").write_text(CONF, encoding="utf-8")
    (project / "pyproject.toml").write_text(SETTINGS, encoding="utf-8")
    write_document(project, "index", [("A paragraph.", "Ein Absatz.")])
    return project


def hostile(size, patterns=(" *x", " **x", " ``x", " `x", " |a", "a-", "<" + " " * 64, ":a\n", " _`x", "a." * 8 + " ")):
    """size characters of what costs a reader of inline markup most, the patterns in equal parts."""
    part = size // len(patterns)
    return "".join((pattern * (part // len(pattern) + 1))[:part] for pattern in patterns)


def case_1mb(project):
    write_document(project, "big", [("A short paragraph, translated.", hostile(MB))])
    return ["check"]


def case_entries(project):
    pairs = [(f"Call :func:`open` with ``mode='r'`` on file {i}.", f"Rufen Sie :func:`open` mit ``mode='r'`` für Datei {i} auf.")
             for i in range(100_000)]
    return ["check", str(write_document(project, "many", pairs))]


def case_near_duplicates(project):
    pairs = [("Save the file before you close it." + " " * i, f"Speichern Sie die Datei, bevor Sie sie schließen ({i}).")
             for i in range(2000)]
    write_document(project, "dupes", pairs)
    return ["check"]


def case_sentences(project):
    old = [f"Sentence number {i} says what the step {i} does." for i in range(1500)]
    translation = " ".join(f"Satz Nummer {i} sagt, was Schritt {i} tut." for i in range(1500))
    write_document(project, "long", [(" ".join(old), translation)])
    new = [*old[:700], "Sentence number 700 now says something else entirely.", *old[701:]]
    pot = project / "build" / "gettext" / "long.pot"
    pot.write_text(pot.read_text(encoding="utf-8").replace(_quoted(" ".join(old)), _quoted(" ".join(new))), encoding="utf-8")
    return ["update"]


def case_tmx(project):
    # 250 characters named by 3 bytes: below the hundredfold amplification at which expat stops.
    value = "x" * 250
    refs = "&e;" * 1000
    tu = '<tu><tuv xml:lang="en"><seg>{0}' + refs + '</seg></tuv><tuv xml:lang="de"><seg>{0}' + refs + "</seg></tuv></tu>\n"
    path = project / "hostile.tmx"
    with path.open("w", encoding="utf-8") as tmx:
        tmx.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx [<!ENTITY e "{value}">]>\n'
                  '<tmx version="1.4"><header srclang="en" segtype="sentence" o-tmf="x" adminlang="en" '
                  'datatype="plaintext" creationtool="bench" creationtoolversion="1"/><body>\n')
        for number in range(10 * MB // len(tu)):
            tmx.write(tu.format(number))
        tmx.write("</body></tmx>\n")
    return ["tm", "import", str(path)]


def case_format(project):
    path = write_document(project, "big", [("A short paragraph.", hostile(MB)), ("A word.", "x" * MB)])
    return ["format", "--layout", "babel", str(path)]


def case_at_bounds(project):
    """1 MB of messages each just within docutils' bounds: docutils reads every one."""
    size = 16_000
    messages = ["Text" + hostile(size, (" *x" + "y" * 61,)), "Text" + hostile(size, (" `x" + "y" * 61,)),
                "x\n=\n\n" * (size // 5), hostile(size, ("a-" * 32 + " ",))]
    pairs = [(f"Paragraph {i}.", messages[i % len(messages)]) for i in range(MB // size)]
    return ["check", str(write_document(project, "bounds", pairs))]


def case_build(project):
    write_document(project, "big", [("A short paragraph, translated.", hostile(MB))])
    (project / "source" / "big.rst").write_text("Title\n=====\n\nA short paragraph, translated.\n", encoding="utf-8")
    (project / "source" / "index.rst").write_text("Title\n=====\n\nA paragraph.\n\n.. toctree::\n\n   big\n",
                                                  encoding="utf-8")
    return ["build", "--html", "--lang", LANG]


@dataclasses.dataclass
class Case:
    title: str
    build: Callable
    expected: Callable  # (Run, project) -> the line that shows it ended as it should, or None


def _line(data, *words):
    """The first line of data (bytes) holding every word, or None."""
    return next((line for line in data.decode("utf-8", "replace").splitlines() if all(w in line for w in words)), None)


def _summary(result, project):
    lines = result.stdout.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines and result.status in (0, 1) and "entries checked" in lines[-1] else None


def _kept_fuzzy(result, project):
    """update kept the whole old translation, fuzzy, and said why."""
    catalog = (project / "locales" / LANG / "LC_MESSAGES" / "long.po").read_text(encoding="utf-8")
    note = _line(catalog.encode(), "l10n-update:", "sentences, more than")
    return note if result.status == 0 and "#, fuzzy" in catalog and "Satz Nummer 1499" in catalog else None


CASES = {
    "start-up": Case("start-up (the project alone)", lambda project: ["check"], _summary),
    "1mb": Case("a 1 MB translation", case_1mb, lambda r, project: _line(r.stdout, "[size]", "translation")),
    "entries": Case("100,000 entries", case_entries, _summary),
    # The report: about the size of its input (the catalog and its template: 4 MB), not its square.
    "near-duplicates": Case("2,000 near-duplicate entries", case_near_duplicates,
                            lambda r, project: _summary(r, project) if len(r.stdout) < 8 * MB else None),
    "sentences": Case("a 1,500-sentence entry", case_sentences, _kept_fuzzy),
    "tmx": Case("a 10 MB TMX, one entity repeated", case_tmx,
                lambda r, project: _line(r.stderr, "declares the entity") if r.status == 2 else None),
    "format": Case("format: 2 MB, Babel's layout", case_format,
                   lambda r, project: _line(r.stderr, "babel layout") if r.status == 2 else None),
    "at-bounds": Case("1 MB of messages at the bounds", case_at_bounds, _summary),
    "build": Case("build: a 1 MB translation", case_build,
                  lambda r, project: _line(r.stdout, "translation not used") if r.status == 0 else None),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", action="append", choices=tuple(CASES), help="only this case (repeatable)")
    parser.add_argument("--keep", metavar="DIR", help="build the cases in DIR and keep them")
    parser.add_argument("--code", metavar="DIR", type=pathlib.Path, default=ROOT,
                        help="the folder holding the sphinx_l10n to measure (default: this checkout's)")
    parser.add_argument("--timeout", metavar="SECONDS", type=float, help="stop a case after so long")
    args = parser.parse_args()
    print(f"{'case':<34} {'seconds':>8} {'MB':>6} {'report':>9}  how it ended")
    failed = False
    with tempfile.TemporaryDirectory() as temporary:
        for name in args.case or CASES:
            project = new_project(pathlib.Path(args.keep or temporary) / name)
            case = CASES[name]
            arguments = case.build(project)
            env = {**os.environ, "PYTHONPATH": str(args.code.resolve()), "L10N_CACHE_DIR": str(project / ".cache")}
            result = run([sys.executable, "-m", "sphinx_l10n", "--project", str(project), *arguments], env, project,
                         args.timeout)
            shown = case.expected(result, project) if result.status is not None else f"stopped after {args.timeout:.0f} s"
            over = result.seconds > CEILING_SECONDS or result.peak > CEILING_MB
            failed |= over or shown is None
            shown = shown and shown.replace(f"{project}/", "")
            verdict = ("OVER " if over else "") + (shown[:120] if shown else f"UNEXPECTED (exit status {result.status})")
            print(f"{case.title:<34} {result.seconds:8.2f} {result.peak:6.0f} {len(result.stdout) / MB:8.2f}M  {verdict}",
                  flush=True)
    print(f"ceilings: {CEILING_SECONDS:.0f} s and {CEILING_MB:.0f} MB a case (report: the output's size)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
