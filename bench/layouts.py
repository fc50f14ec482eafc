"""How many real catalogs `sphinx-l10n format` writes byte for byte as their writers do.

Every catalog of ../shared/corpus and ../shared/projects is written by msgcat
(at width 79, at Weblate's 77, and with --no-wrap); each output is read and
written again by l10n in the matching layout, with libunistring (as gettext
breaks lines) and without it (the fallback reading of UAX #14). Prints, per
layout, the catalogs that come out identical.

Then every catalog as its project keeps it (whatever wrote it last: Transifex,
Crowdin, Weblate, sphinx-intl, powrap) is written again in each layout: per
project and corpus, how many each layout reproduces exactly, how many none
does, and how many of those whose header names Transifex the transifex layout
reproduces.

    .venv/bin/python bench/layouts.py [--sample N] [--as-written]
"""

import argparse
import collections
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from sphinx_l10n import L10nError, catalogs
from sphinx_l10n.catalogs import writing as catalog_writer

SHARED = pathlib.Path(__file__).resolve().parents[2] / "shared"
LAYOUTS = {"gettext": (), "weblate": ("--width=77",), "nowrap": ("--no-wrap",)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=0, help="every Nth catalog only (0: all)")
    parser.add_argument("--as-written", action="store_true", help="only the catalogs as their projects keep them")
    args = parser.parse_args()
    paths = sorted([*(SHARED / "corpus").rglob("*.po"), *(SHARED / "projects").rglob("*.po")])
    if args.sample:
        paths = paths[::args.sample]
    if not args.as_written:
        against_msgcat(paths)
    as_written(paths)


def against_msgcat(paths: list[pathlib.Path]) -> None:
    library = catalog_writer._libunistring()
    print(f"{len(paths)} catalogs; libunistring {'found' if library else 'missing'}")
    print(f"{'layout':<10} {'with libunistring':>18} {'without':>10}")
    with tempfile.TemporaryDirectory() as folder:
        for name, options in LAYOUTS.items():
            written = []
            for number, path in enumerate(paths):
                target = pathlib.Path(folder) / f"{number}.po"
                if subprocess.run(["msgcat", *options, "-o", str(target), str(path)], capture_output=True).returncode == 0:
                    written.append(target.read_text(encoding="utf-8"))
            counts = []
            for use_library in (True, False):
                catalog_writer._libunistring = (lambda: library) if use_library else (lambda: None)  # type: ignore[assignment]
                layout = catalogs.LAYOUTS[name]
                counts.append(sum(catalogs.render(catalogs.parse(text), layout) == text for text in written))
            print(f"{name:<10} {counts[0]:>11}/{len(written):<6} {counts[1]:>5}/{len(written)}")


def as_written(paths: list[pathlib.Path]) -> None:
    """Per project and corpus: the catalogs each layout writes exactly as they are."""
    fits: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for path in paths:
        folder = path.relative_to(SHARED).parts[1]
        text = path.read_bytes().decode("utf-8", "replace")
        fits[folder]["catalogs"] += 1
        try:
            catalog = catalogs.parse(text, path)
        except L10nError:
            fits[folder]["unreadable"] += 1
            continue
        matched = [name for name, layout in catalogs.LAYOUTS.items() if catalogs.render(catalog, layout) == text]
        fits[folder].update(matched)
        fits[folder]["none"] += not matched
        if "transifex.com" in catalog.metadata.get("Language-Team", ""):
            fits[folder]["Transifex header"] += 1
            fits[folder]["Transifex, reproduced"] += "transifex" in matched
    columns = ["catalogs", *catalogs.LAYOUTS, "none", "unreadable", "Transifex header", "Transifex, reproduced"]
    print("\nas written (a catalog may fit several layouts)")
    print(f"{'':<22}" + "".join(f"{name:>{max(len(name), 6) + 1}}" for name in columns))
    for folder in sorted(fits):
        print(f"{folder:<22}" + "".join(f"{fits[folder][name]:>{max(len(name), 6) + 1}}" for name in columns))


if __name__ == "__main__":
    main()
