"""reStructuredText inline markup, read two ways.

``scan`` is a fast regular-expression lexer: it finds the inline markup of
one message (literals, roles, references, substitutions, footnotes,
emphasis, URLs) and returns the *prose*, the text a reader sees with code,
URLs and role targets masked, so that quotes, numbers or names inside code
are never mistaken for prose. It is the cheap first pass of every check.

``parse`` runs docutils on the message, with every role accepted (Sphinx
and domain roles included, as Sphinx would register them), and returns the
same markup signature from the real doctree, plus the node types and any
parse problem. The markup check trusts docutils whenever the fast pass
sees a difference.
"""

import collections
import dataclasses
import re

MASK = "\ufffc"  # OBJECT REPLACEMENT CHARACTER: keeps words apart, matches nothing

# Roles whose content is text for the reader, which a translator translates.
PROSE_ROLES = frozenset({
    "abbr", "dfn", "guilabel", "menuselection", "sup", "sub", "emphasis", "strong",
    "title-reference", "title", "t", "term", "index",
})

_URL = r"(?:https?|ftp)://[^\s<>`\"]*[^\s<>`\".,;:!?)\]}»”’']"
_EMAIL = r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
_START = r"(?:(?<=^)|(?<=[\s\-/:'\"<(\[{«“‘„‚「『]))"
_END = r"(?=$|[\s\-.,:;!?\\/'\")\]}>»”’“‘」』…])"

# Delimited constructs: each starts with one of ` : | [ * (the lookahead
# lets the engine skip every other position quickly).
_INLINE = re.compile(
    r"(?=[`:|\[*])(?:" + "|".join([
        _START + r"``(?P<literal>\S(?:.*?\S)??)``" + _END,
        _START + r":(?P<role>[A-Za-z0-9](?:[\w.+:-]*[A-Za-z0-9])?):`(?P<role_content>(?:[^`\\]|\\.)+)`" + _END,
        _START + r"`(?P<interpreted>(?:[^`\\]|\\.)+)`(?P<ref_suffix>__?)?" + _END,
        _START + r"\|(?P<substitution>\S(?:[^|]*\S)?)\|(?P<subst_suffix>__?)?" + _END,
        _START + r"\[(?P<footnote>#[\w.-]*|\*|\d+|[A-Za-z][\w.-]*)\]_" + _END,
        _START + r"\*\*(?P<strong>\S(?:.*?\S)??)\*\*" + _END,
        _START + r"\*(?P<emphasis>[^\s*](?:[^*]*[^\s*])?)\*" + _END,
    ]) + ")",
    re.DOTALL,
)
# Undelimited ones, looked for only in the plain text between the others.
_BARE = re.compile(
    "|".join([
        r"(?P<url>" + _URL + r")",
        r"(?P<email>" + _EMAIL + r")",
        _START + r"(?P<simple_ref>[A-Za-z0-9](?:[-_.:+]?[A-Za-z0-9])*)(?P<simple_suffix>__?)" + _END,
    ]),
)
_BARE_HINT = re.compile(r"://|@|_")
_NO_GROUPS = dict.fromkeys([*_INLINE.groupindex, *_BARE.groupindex])
_EMBEDDED = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)


@dataclasses.dataclass
class Scan:
    prose: str
    signature: collections.Counter  # markup that must survive: literals, roles, references...
    emphasis: int = 0
    strong: int = 0
    urls: list = dataclasses.field(default_factory=list)
    emails: list = dataclasses.field(default_factory=list)


def _role_target(content):
    match = _EMBEDDED.match(content)
    return (match.group("target") if match else content).strip()


_MARKUP_HINT = re.compile(r"[`*|\[_@]|://")


def scan(text):
    """One pass of the inline lexer over text."""
    if not _MARKUP_HINT.search(text):
        return Scan(text.replace("\\", ""), collections.Counter())
    signature = collections.Counter()
    urls, emails = [], []
    emphasis = strong = 0
    parts = []
    last = 0
    for match in _matches(text):
        groups = {**_NO_GROUPS, **match.groupdict()}
        parts.append(text[last:match.start()])
        last = match.end()
        if groups["literal"] is not None:
            signature["literal", groups["literal"]] += 1
            parts.append(MASK)
        elif groups["role"] is not None:
            role = groups["role"].split(":")[-1]
            content = groups["role_content"]
            if role in PROSE_ROLES:
                embedded = _EMBEDDED.match(content)
                signature["role", groups["role"], _role_target(content) if role in ("term", "index") or embedded else ""] += 1
                parts.append(embedded.group("text") if embedded else content)
            else:
                signature["role", groups["role"], _role_target(content)] += 1
                parts.append(MASK)
        elif groups["interpreted"] is not None:
            content, suffix = groups["interpreted"], groups["ref_suffix"]
            embedded = _EMBEDDED.match(content)
            if suffix:
                target = embedded.group("target").strip() if embedded else None
                if target and re.match(_URL + "$", target) or (target and "@" in target):
                    signature["reference", "anonymous" if suffix == "__" else "named", target] += 1
                    urls.append(target)
                elif target:
                    signature["reference", "alias", target] += 1
                elif suffix == "__":
                    signature["reference", "anonymous", ""] += 1
                else:
                    signature["reference", "name", _normalize_name(content)] += 1
                parts.append(embedded.group("text") if embedded else content)
            else:
                signature["interpreted", content] += 1
                parts.append(MASK)
        elif groups["substitution"] is not None:
            signature["substitution", groups["substitution"]] += 1
            parts.append(MASK)
        elif groups["footnote"] is not None:
            label = groups["footnote"]
            signature["footnote", label] += 1
            parts.append(MASK)
        elif groups["strong"] is not None:
            strong += 1
            parts.append(groups["strong"])
        elif groups["emphasis"] is not None:
            emphasis += 1
            parts.append(groups["emphasis"])
        elif groups["url"] is not None:
            urls.append(groups["url"])
            parts.append(MASK)
        elif groups["email"] is not None:
            emails.append(groups["email"])
            parts.append(MASK)
        elif groups["simple_ref"] is not None:
            suffix = groups["simple_suffix"]
            key = "" if suffix == "__" else _normalize_name(groups["simple_ref"])
            signature["reference", "anonymous" if suffix == "__" else "name", key] += 1
            parts.append(groups["simple_ref"])
    parts.append(text[last:])
    prose = "".join(parts).replace("\\", "")
    return Scan(prose, signature, emphasis, strong, urls, emails)


def _matches(text):
    """The delimited matches, and between them the bare URLs, e-mails and name_ references."""
    last = 0
    for match in _INLINE.finditer(text):
        if _BARE_HINT.search(text, last, match.start()):
            yield from _BARE.finditer(text, last, match.start())
        yield match
        last = match.end()
    if _BARE_HINT.search(text, last):
        yield from _BARE.finditer(text, last)


def _normalize_name(name):
    return " ".join(name.lower().split())


# --- docutils ---------------------------------------------------------------

_docutils = None


def _docutils_parser():
    """Build the docutils parser once, with a catch-all role like Sphinx's."""
    global _docutils
    if _docutils is None:
        from docutils import nodes
        from docutils.frontend import get_default_settings
        from docutils.parsers.rst import Parser, roles, states
        from docutils.parsers.rst.states import Inliner

        def any_role(name, rawtext, text, lineno, inliner, options=None, content=None):
            node = nodes.inline(rawtext, text)
            node["l10n_role"] = name
            return [node], []

        original_role = roles.role

        def role(role_name, language_module, lineno, reporter):
            found, messages = original_role(role_name, language_module, lineno, reporter)
            if found is None:
                return any_role, []
            return found, messages

        roles.role = role
        parser = Parser()
        # Building the state machine costs more than parsing a message: build it once.
        parser.statemachine = states.RSTStateMachine(state_classes=parser.state_classes, initial_state=parser.initial_state)
        settings = get_default_settings(Parser)
        settings.report_level = 5
        settings.halt_level = 5
        settings.warning_stream = False
        settings.file_insertion_enabled = False  # never read files a catalog names
        settings.raw_enabled = False
        # Every run() re-initialises the inliner, which rebuilds its patterns and
        # appends to its dispatch list each time: initialise one inliner once.
        inliner = Inliner()
        inliner.init_customizations(settings)
        inliner.init_customizations = lambda settings: None
        _docutils = (parser, settings, nodes, inliner)
    return _docutils


@dataclasses.dataclass
class Parsed:
    signature: collections.Counter
    emphasis: int
    strong: int
    block_types: tuple  # top-level node types: ('paragraph',) for ordinary text
    problems: list  # docutils warnings and errors, one line each


def parse(text):
    from docutils.parsers.rst import roles
    from docutils.statemachine import string2lines
    from docutils.utils import new_document

    parser, settings, nodes, inliner = _docutils_parser()
    document = new_document("<message>", settings)
    machine = parser.statemachine
    try:
        lines = string2lines(text, tab_width=8, convert_whitespace=True)
        machine.run(lines, document, inliner=inliner)
    except Exception as exc:  # docutils raises on some pathological inputs
        return Parsed(collections.Counter(), 0, 0, ("error",), [f"docutils could not parse it: {exc}"])
    finally:
        machine.observers.clear()  # run() attaches the document as an observer
        roles._roles.pop("", None)
    signature = collections.Counter()
    emphasis = strong = 0
    problems = []
    for node in document.findall():
        if isinstance(node, nodes.system_message):
            if node["level"] >= 2:
                problems.append(" ".join(node.children[0].astext().split()) if node.children else "docutils problem")
        elif isinstance(node, nodes.literal):
            signature["literal", node.astext()] += 1
        elif isinstance(node, nodes.inline) and "l10n_role" in node:
            name = node["l10n_role"]
            content = node.rawsource[node.rawsource.index("`") + 1:-1] if "`" in node.rawsource else node.astext()
            short = name.split(":")[-1]
            if short in PROSE_ROLES:
                embedded = _EMBEDDED.match(content)
                signature["role", name, _role_target(content) if short in ("term", "index") or embedded else ""] += 1
            else:
                signature["role", name, _role_target(content)] += 1
        elif isinstance(node, nodes.title_reference):
            signature["interpreted", node.astext()] += 1
        elif isinstance(node, nodes.reference):
            if node.get("anonymous") or node.rawsource.endswith("__"):
                signature["reference", "anonymous", node.get("refuri", "")] += 1
            elif "refuri" in node:
                signature["reference", "named", node["refuri"]] += 1
            elif "refname" in node:
                signature["reference", "name", node["refname"]] += 1
        elif isinstance(node, nodes.substitution_reference):
            signature["substitution", node.get("refname", node.astext())] += 1
        elif isinstance(node, (nodes.footnote_reference, nodes.citation_reference)):
            label = "#" + node.get("refname", "") if node.get("auto") == 1 else node.get("refname", "*" if node.get("auto") else node.astext())
            signature["footnote", label] += 1
        elif isinstance(node, nodes.emphasis):
            emphasis += 1
        elif isinstance(node, nodes.strong):
            strong += 1
    block_types = tuple(
        type(child).__name__ for child in document.children
        if not isinstance(child, (nodes.system_message, nodes.target))
    )
    return Parsed(signature, emphasis, strong, block_types, problems)
