"""MyST Markdown messages, read with markdown-it-py (the parser myst-parser uses).

A message extracted from a ``.md`` source is Markdown: code spans, links,
``_emphasis_`` and MyST's roles (``{py:func}`open```) are read here into the
same Scan the reST lexer gives, so that every check compares the same kinds
of markup, and nothing Markdown means is read as reST.
"""

import functools
import re
from typing import TYPE_CHECKING

from sphinx_l10n.markup import rst

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_ROLE_BEFORE = re.compile(r"\{([\w:+.-]+)\}$")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


@functools.cache
def _parser() -> "MarkdownIt":
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def scan(text: str) -> rst.Scan:
    """What a reader sees of a MyST message, and its markup, as rst.scan gives them for reST."""
    signature: dict[rst.Key, int] = {}
    prose: list[str] = []
    urls: list[str] = []
    emphasis = strong = 0
    for token in (child for block in _parser().parseInline(text) for child in block.children or ()):
        if token.type == "code_inline":
            role = _ROLE_BEFORE.search(prose[-1]) if prose else None
            if role:  # {role}`content`: a MyST role, keyed as the reST lexer keys roles
                prose[-1] = prose[-1][: role.start()]
                key, shown = rst.read_role(role.group(1), token.content)
                signature[key] = signature.get(key, 0) + 1
                prose.append(shown)
                continue
            signature["literal", token.content] = signature.get(("literal", token.content), 0) + 1
            prose.append(rst.MASK)
        elif token.type == "link_open":
            href = str(token.attrs.get("href", ""))
            if _SCHEME.match(href):
                urls.append(href)
            else:  # a link to another document or heading: where it goes must stay
                signature["reference", "named", href] = signature.get(("reference", "named", href), 0) + 1
        elif token.type == "em_open":
            emphasis += 1
        elif token.type == "strong_open":
            strong += 1
        elif token.type in ("text", "html_inline"):
            prose.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            prose.append("\n")
    urls += [url for url in rst.scan_urls("".join(prose)) if url not in urls]
    return rst.Scan("".join(prose), signature, emphasis, strong, urls=urls, complete=True)


def blocks(text: str) -> list[str]:
    """The top-level blocks MyST makes of the message alone ("paragraph", "fence", "bullet_list"...):
    Sphinx uses only the first, and only if it is a paragraph."""
    return [token.type.removesuffix("_open") for token in _parser().parse(text) if token.level == 0 and token.nesting >= 0]
