"""Which writer wrote packaging-python-org's catalogs (Weblate, 38 languages)?

Each catalog is written again, every string anew, by the candidates, and the
catalogs that come out byte for byte as they are counted:

- translate-toolkit, Weblate's own library, in three generations of its
  wrapper: 3.16 (a textwrap regex), 3.17 (uniseg's line breaking) and 3.20
  (a Rust port), each at its default width (77 between the quotes: 79 a line);
- gettext's rule as sphinx-l10n applies it (greedy, width 79, escapes counted)
  with the break opportunities of Unicode 16's line-breaking algorithm
  (UAX #14, from uniseg) plus the one tailoring of libunistring's that
  differs: a break before "<" after numeric punctuation (LB29 only in part).
  That is msgmerge's output with libunistring 1.3 (gettext 0.23 on Debian 13),
  which Weblate runs when it merges a new template.

The tools are installed in venvs of their own under bench/ (bench/tool_venv.py).
uniseg is slow: --sample N takes every Nth catalog.

    .venv/bin/python bench/weblate_writer.py [--sample N]
"""

import argparse
import pathlib
import subprocess

from tool_venv import HERE, program

SHARED = HERE.parents[1] / "shared"
CATALOGS = sorted((SHARED / "projects" / "packaging-python-org" / "locales").glob("*/LC_MESSAGES/*.po"))
TOOLKITS = ("3.16.3", "3.17.5", "3.20.4")

# Run inside a tool venv: rewrap with translate-toolkit, every string quoted anew.
TOOLKIT = """
import pathlib, sys
from translate.storage import pypo
from translate.storage.pypo import unquotefrompo

def anew(unit, lines):
    return unit.quote(unquotefrompo(lines)) if lines else lines

same = 0
for name in sys.argv[1:]:
    data = pathlib.Path(name).read_bytes()
    store = pypo.pofile(data)
    for unit in store.units:
        for field in ("msgctxt", "msgid", "msgid_plural", "prev_msgctxt", "prev_msgid", "prev_msgid_plural"):
            setattr(unit, field, anew(unit, getattr(unit, field)))
        unit.msgstr = ({k: anew(unit, v) for k, v in unit.msgstr.items()} if isinstance(unit.msgstr, dict)
                       else anew(unit, unit.msgstr))
    same += bytes(store) == data
print(same)
"""

# Run inside the uniseg venv, with this checkout on the path: gettext's greedy rule on Unicode 16's breaks.
UNICODE16 = """
import itertools, pathlib, sys
from uniseg.linebreak import line_break_boundaries
from sphinx_l10n.catalogs import writing as catalog_writer
from sphinx_l10n import catalogs

def opportunities(text):
    escaped = catalog_writer._escape(text)
    starts = list(itertools.accumulate((len(catalog_writer._ESCAPES.get(c, c)) for c in text), initial=0))
    index_of = {offset: index for index, offset in enumerate(starts)}
    found = set(line_break_boundaries(escaped))
    found |= {i for i in range(1, len(escaped)) if escaped[i] == "<" and escaped[i - 1] in ".,:;"}
    breaks = sorted(index_of[b] for b in found if b in index_of and 0 < index_of[b] < len(text))
    if breaks and text.endswith("\\n") and breaks[-1] == len(text) - 1:
        breaks.pop()
    return breaks

catalog_writer._break_opportunities = opportunities
same = 0
for name in sys.argv[1:]:
    text = pathlib.Path(name).read_text(encoding="utf-8")
    same += catalogs.render(catalogs.parse(text, name), catalogs.GETTEXT) == text
print(same)
"""


def count(python: pathlib.Path, code: str, paths: list[pathlib.Path], **env: str) -> int:
    result = subprocess.run([str(python), "-c", code, *map(str, paths)], capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", **env}, check=True)
    return int(result.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=1, help="every Nth catalog only")
    args = parser.parse_args()
    paths = CATALOGS[::args.sample]
    print(f"{len(paths)} catalogs of packaging-python-org, each written again by:")
    for version in TOOLKITS:
        python = program(f".venv-translate-toolkit-{version}", f"translate-toolkit=={version}", "pofilter").with_name("python")
        print(f"  translate-toolkit {version}: {count(python, TOOLKIT, paths)} identical", flush=True)
    python = program(".venv-uniseg", "uniseg==0.10.1 polib babel", "pybabel").with_name("python")
    same = count(python, UNICODE16, paths, PYTHONPATH=str(HERE.parent))
    print(f"  gettext's rule, Unicode 16 line breaking (msgmerge with libunistring 1.3): {same} identical")


if __name__ == "__main__":
    main()
