"""How many real catalogs `sphinx-l10n format` writes byte for byte as msgcat does.

Every catalog of ../shared/corpus and ../shared/projects is written by msgcat
(at width 79, at Weblate's 77, and with --no-wrap); each output is read and
written again by l10n in the matching layout, with libunistring (as gettext
breaks lines) and without it (the fallback reading of UAX #14). Prints, per
layout, the catalogs that come out identical.

    .venv/bin/python bench/layouts.py [--sample N]
"""

import argparse
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from sphinx_l10n import catalogs

SHARED = pathlib.Path(__file__).resolve().parents[2] / "shared"
LAYOUTS = {"gettext": (), "weblate": ("--width=77",), "nowrap": ("--no-wrap",)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=0, help="every Nth catalog only (0: all)")
    args = parser.parse_args()
    paths = sorted([*(SHARED / "corpus").rglob("*.po"), *(SHARED / "projects").rglob("*.po")])
    if args.sample:
        paths = paths[::args.sample]
    library = catalogs._libunistring()
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
                catalogs._libunistring = (lambda: library) if use_library else (lambda: None)  # type: ignore[assignment]
                layout = catalogs.LAYOUTS[name]
                counts.append(sum(catalogs.render(catalogs.parse(text), layout) == text for text in written))
            print(f"{name:<10} {counts[0]:>11}/{len(written):<6} {counts[1]:>5}/{len(written)}")


if __name__ == "__main__":
    main()
