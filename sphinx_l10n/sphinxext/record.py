"""What one Sphinx run did, for `sphinx-l10n build` and `extract`: the documents it read, where it
read them from, and the LaTeX files it wrote.

Loaded into every Sphinx run that `sphinx-l10n` starts (as the guard is), it writes a JSON record
to the file named by $L10N_RECORD when the build ends. `sphinx-l10n build` needs it to keep
each document's warnings across incremental runs (Sphinx warns only about what it reads
again) and to know which PDFs a project's latex_documents ask for; `check` (freshness) to
know the source folder Sphinx read, which conf.py's setup() may have moved (app.srcdir = ...).

It also has Sphinx read again the documents made of the files $L10N_REREAD names (JSON: {"files":
[...]}, the source files of messages whose translation changed): `sphinx-l10n build` keeps a
catalog that serves many documents (gettext_compact as one name) from looking changed to Sphinx,
which would read every one of them again, and names the files to read instead.
"""

import json
import os
import pathlib
from typing import Any

from sphinx_l10n import __version__, fileio

RECORD = "L10N_RECORD"
REREAD = "L10N_REREAD"
PROGRESS = "L10N_PROGRESS"


def _say(line: str) -> None:
    """A line of progress for `sphinx-l10n build`, which reports it as the run goes."""
    path = os.environ.get(PROGRESS)
    if path:
        with open(path, "a", encoding="utf-8") as file:
            file.write(line + "\n")


def _on_read(app: Any, env: Any, docnames: list[str]) -> None:
    app._l10n_read = list(docnames)
    _say(f"reading {len(docnames)} document(s)" if docnames else "nothing to read again")


def _on_updated(app: Any, env: Any) -> list[str]:
    _say(f"writing ({app.builder.name})")
    return []


def _on_outdated(app: Any, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """The documents made of the files $L10N_REREAD names, or that include them; every document
    where a file is neither (what holds it is unknown: all are read again)."""
    path = os.environ.get(REREAD)
    if not path:
        return []
    with open(path, encoding="utf-8") as file:
        files = {os.path.normpath(name) for name in json.load(file)["files"]}
    wanted, seen = set(), set()
    for doc in env.found_docs:
        own = {os.path.normpath(os.path.join(str(env.srcdir), str(name))) for name in env.dependencies.get(doc, ())}
        held = ({os.path.normpath(str(env.doc2path(doc)))} | own) & files
        if held:
            wanted.add(doc)
            seen |= held
    if files - seen:
        return sorted(env.found_docs - added)
    return sorted(wanted - added - changed)


def _on_finished(app: Any, exception: BaseException | None) -> None:
    path = os.environ.get(RECORD)
    if not path or app.env is None:
        return
    project = getattr(app.env, "project", None) or app.project  # what the environment read its documents from
    record = {
        "read": {doc: os.path.abspath(str(app.env.doc2path(doc))) for doc in getattr(app, "_l10n_read", [])},
        "srcdir": os.path.abspath(str(project.srcdir)),
        "source_suffix": [str(suffix) for suffix in project.source_suffix],
        "latex_documents": [str(document[1]) for document in app.config.latex_documents]
        if app.builder.name == "latex" else [],
        "latex_engine": app.config.latex_engine,
        "html_baseurl": app.config.html_baseurl,
    }
    fileio.write_json(pathlib.Path(path), record)


def setup(app: Any) -> dict[str, Any]:
    app.connect("env-get-outdated", _on_outdated)
    app.connect("env-before-read-docs", _on_read)
    app.connect("env-updated", _on_updated)
    app.connect("build-finished", _on_finished)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
