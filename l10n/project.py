"""Extract the source into .pot templates and update every language's catalogs."""

import os
import subprocess
import sys

from l10n import L10nError, catalogs


def sphinx_command(config, builder, outdir, *, lang=None, doctrees=None, options=()):
    command = [sys.executable, "-m", "sphinx", "-b", builder, "-c", str(config.root), "-q"]
    if lang is not None:
        command += ["-D", f"language={lang}"]
    if doctrees is not None:
        command += ["-d", str(doctrees)]
    command += [*options, str(config.source_dir), str(outdir)]
    return command


def extract(config):
    """Run Sphinx's gettext builder: one .pot per document in build/gettext."""
    outdir = config.pot_dir
    command = sphinx_command(config, "gettext", outdir, doctrees=config.build_dir / "doctrees" / "gettext")
    result = subprocess.run(command, cwd=config.root, capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or ["sphinx-build failed"])[-1]
        raise L10nError(f"{config.source_dir}: extraction failed: {detail}")
    return sorted(outdir.rglob("*.pot"))


def templates(config):
    """The .pot files by document name ('index', 'sub/page', ...)."""
    pot_dir = config.pot_dir
    if not pot_dir.is_dir():
        raise L10nError(f"{pot_dir}: no templates; run `python -m l10n extract` (or `make gettext`) first")
    return {p.relative_to(pot_dir).with_suffix("").as_posix(): p for p in sorted(pot_dir.rglob("*.pot"))}


def update(config, languages=None, *, report=print):
    """Merge every .pot into every language's .po; create missing catalogs.

    Returns the list of files written (unchanged files are not rewritten).
    """
    written = []
    pots = {doc: catalogs.load(path) for doc, path in templates(config).items()}
    for lang in languages or config.languages:
        for doc, pot in pots.items():
            po_path = config.catalog_dir(lang) / f"{doc}.po"
            if po_path.exists():
                po = catalogs.load(po_path)
                before = po_path.read_text(encoding="utf-8-sig")
            else:
                po = catalogs.polib.POFile()
                po.metadata = catalogs.new_header(config.project, lang, pot.metadata.get("POT-Creation-Date", ""))
                po.header = f"{config.project}: {doc}\nThis file is distributed under the same license as the project."
                before = None
            merged = catalogs.merge(po, pot)
            text = catalogs.render(merged)
            if text != before:
                catalogs.write_text(po_path, text)
                written.append(po_path)
                report(f"{'updated' if before is not None else 'created'} {os.path.relpath(po_path, config.root)}")
    return written
