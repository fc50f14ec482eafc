"""sphinx-build with l10n's guard in the run: ``python -m l10n.sphinxext [sphinx-build arguments]``.

`l10n build` starts every Sphinx this way, so the guard on translated
content (l10n.sphinxext.guard) and the run's record (l10n.sphinxext.record)
are loaded whatever the project's conf.py lists: Sphinx loads its built-in
extensions into every application, and these are made two of them.
"""

import sys
from collections.abc import Sequence

BUILTIN = ("l10n.sphinxext.guard", "l10n.sphinxext.record")


def main(argv: Sequence[str]) -> int:
    import sphinx.application
    from sphinx.cmd.build import main as sphinx_build

    missing = tuple(name for name in BUILTIN if name not in sphinx.application.builtin_extensions)
    sphinx.application.builtin_extensions = (*sphinx.application.builtin_extensions, *missing)
    return sphinx_build(list(argv))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
