"""What one Sphinx run did, for `sphinx-l10n build` and `extract`: the documents it read, where it
read them from, and the LaTeX files it wrote.

Loaded into every Sphinx run that `sphinx-l10n` starts (as the guard is), it writes a JSON record
to the file named by $L10N_RECORD when the build ends. `sphinx-l10n build` needs it to keep
each document's warnings across incremental runs (Sphinx warns only about what it reads
again) and to know which PDFs a project's latex_documents ask for; `check` (freshness) to
know the source folder Sphinx read, which conf.py's setup() may have moved (app.srcdir = ...).
"""

import json
import os
from typing import Any

from sphinx_l10n import __version__

RECORD = "L10N_RECORD"


def _on_read(app: Any, env: Any, docnames: list[str]) -> None:
    app._l10n_read = list(docnames)


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
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(record, f)
    os.replace(path + ".tmp", path)


def setup(app: Any) -> dict[str, Any]:
    app.connect("env-before-read-docs", _on_read)
    app.connect("build-finished", _on_finished)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
