"""The guard on translated content, in every Sphinx run that `sphinx-l10n build` starts.

Sphinx's Locale transform (sphinx/transforms/i18n.py) parses every msgstr
as reStructuredText (or MyST) with file insertion on, as if the translator
had written source. Translations are untrusted input, so while that
transform runs this guard

- refuses, through a Python audit hook, every file the parse tries to open
  outside the Python installation and the catalogs, every process it tries
  to start and every connection it tries to open: whichever directive, role
  or extension asks (include, literalinclude, csv-table :file:, raw :file:,
  a graphviz file, a command-output directive...), nothing is read or run;
- compares each translated node with its source: it may point to the files
  its source points to (images and downloads, as Sphinx resolves them; an
  image may also be another file inside the source folder), link with
  http, https, mailto or a relative URL (or with its source's own links),
  and hold no raw output its source does not hold (unless the project sets
  ``l10n_allow_raw_in_translations = True``).

A translated node that breaks a rule gets its source content back, so that
the pages written hold nothing of it, and the build fails at its end,
naming each catalog's file:line and why. A catalog Python's gettext cannot
load (Sphinx then ignores it without a word) stops the build before it reads.
"""

import contextlib
import gettext
import os
import re
import struct
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.errors import SphinxError
from sphinx.transforms.i18n import Locale
from sphinx.util.i18n import CatalogRepository, docname_to_domain
from sphinx.util.nodes import extract_messages

from sphinx_l10n import L10nError, __version__, catalogs, safety

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class UnsafeTranslation(SphinxError):
    category = "Unsafe translation refused"


# Events that start a program, reach the network or change files: a parse never needs them.
_REFUSED_EVENTS = frozenset({
    "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty", "pty.spawn",
    "os.startfile", "webbrowser.open", "ctypes.dlopen", "socket.connect", "socket.bind", "socket.getaddrinfo",
    "socket.gethostbyname", "urllib.Request", "http.client.connect", "ftplib.connect", "smtplib.connect",
    "os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.chmod", "os.chown", "os.link", "os.symlink",
    "os.truncate", "os.utime", "shutil.rmtree", "shutil.move", "shutil.copyfile", "shutil.copytree",
})
_READ_FLAGS_MASK = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC


class _Sandbox:
    """The audit hook's state: off except while Sphinx parses translations."""

    def __init__(self) -> None:
        self.active = False
        self.readable: tuple[str, ...] = ()  # folders whose files a parse may read (Python's own)
        self.catalog_dirs: tuple[str, ...] = ()  # where Sphinx reads .mo files during the transform
        self.refused: list[str] = []

    def may_open(self, path: object, mode: object, flags: object) -> bool:
        if isinstance(path, int):
            return True  # an open file descriptor: nothing new is reached
        writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and mode is None and flags & _READ_FLAGS_MASK)
        if writes:
            return False
        real = os.path.realpath(os.fsdecode(path))  # type: ignore[arg-type]
        if real.endswith(".mo") and real.startswith(self.catalog_dirs):
            return True
        return real.startswith(self.readable)

    def audit(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.active:
            return
        if event == "open" and self.may_open(*args[:3]):
            return
        if event != "open" and event not in _REFUSED_EVENTS:
            return
        if event == "open" and _bytecode_cache(args[0]):
            # Python caching a module a parse imports lazily (a venv never compiled, as uv leaves it,
            # or PYTHONPYCACHEPREFIX): refused, and importlib goes on without the cache; not the translation's doing.
            raise PermissionError("l10n: no bytecode is written while a translation is parsed")
        what = f"open {os.path.realpath(os.fsdecode(args[0]))}" if event == "open" else f"{event} {_shown(args)}"
        self.refused.append(what)
        raise PermissionError(f"l10n: a translation may not {what}")

    @contextlib.contextmanager
    def armed(self) -> Iterator[list[str]]:
        self.refused = []
        self.active = True
        try:
            yield self.refused
        finally:
            self.active = False


def _bytecode_cache(path: object) -> bool:
    """A file of Python's bytecode cache (__pycache__, or the folder PYTHONPYCACHEPREFIX names)."""
    if isinstance(path, int):
        return False
    real = os.path.realpath(os.fsdecode(path))  # type: ignore[arg-type]
    prefix = sys.pycache_prefix
    cached = re.search(r"\.pyc(\.\d+)?$", real)  # importlib writes <name>.pyc.<id>, then renames it
    return cached is not None and (os.path.basename(os.path.dirname(real)) == "__pycache__" or bool(
        prefix and real.startswith(os.path.join(os.path.realpath(prefix), ""))))


def _shown(args: tuple[Any, ...]) -> str:
    text = " ".join(str(a) for a in args[:2] if a is not None)
    return text[:80] + ("..." if len(text) > 80 else "")


_SANDBOX = _Sandbox()
_HOOKED = False


def _install_hook() -> None:
    global _HOOKED
    if not _HOOKED:  # an audit hook cannot be removed: one per process, off unless armed
        sys.addaudithook(_SANDBOX.audit)
        _HOOKED = True


def _python_folders() -> tuple[str, ...]:
    """Where Python imports from (standard library, site-packages): a parse may load modules lazily.

    Not sys.prefix as a whole: with a system Python that is /usr.
    """
    import site
    import sysconfig

    paths = sysconfig.get_paths()
    folders = {paths[key] for key in ("stdlib", "platstdlib", "purelib", "platlib") if key in paths}
    with contextlib.suppress(AttributeError):
        folders.update(site.getsitepackages())
    with contextlib.suppress(AttributeError):
        folders.add(site.getusersitepackages())
    if sys.pycache_prefix:  # the bytecode of those modules, when cached apart
        folders.add(sys.pycache_prefix)
    return tuple(os.path.join(os.path.realpath(f), "") for f in folders if f)


# What a node points to: its files and URLs, as Sphinx will resolve them.
_URL_ATTRIBUTES = ("refuri", "uri")


def _is_url(value: str) -> bool:
    return safety.url_scheme(value) is not None or value.startswith("//")


def _pointers(env: "BuildEnvironment", node: nodes.Node) -> dict[str, set[str]]:
    """The images, downloads, URLs and raw output in node and below."""
    from sphinx import addnodes

    found: dict[str, set[str]] = {"image": set(), "download": set(), "url": set(), "raw": set()}
    for element in node.findall(nodes.Element):
        if isinstance(element, nodes.raw):
            found["raw"].add(f"{element.get('format', '')}:{element.astext()}")
        for attribute in _URL_ATTRIBUTES:
            value = element.get(attribute)
            if isinstance(value, str) and value:
                if isinstance(element, nodes.image) and not _is_url(value):
                    found["image"].add(_resolved(env, value))
                else:
                    found["url"].add(value)
        if isinstance(element, addnodes.download_reference) and not element.get("refuri"):
            found["download"].add(_resolved(env, element.get("reftarget", "")))
    return found


def _resolved(env: "BuildEnvironment", target: str) -> str:
    try:
        return os.path.normpath(env.relfn2path(target, env.docname)[1])
    except (ValueError, OSError):  # ValueError: a NUL byte in the target
        return f"?{target}"


def _violations(env: "BuildEnvironment", source: dict[str, set[str]], translation: dict[str, set[str]]) -> list[str]:
    """Why a translated node may not be used (empty: it may)."""
    why = []
    srcdir = os.path.join(os.path.realpath(env.srcdir), "")
    for path in sorted(translation["download"] - source["download"]):
        why.append(f"it links a download the source does not have: {path}")
    for path in sorted(translation["image"] - source["image"]):
        if not os.path.realpath(path).startswith(srcdir):
            why.append(f"it shows an image outside the source folder: {path}")
    for url in sorted(translation["url"] - source["url"]):
        if (unsafe := safety.unsafe_link(url)) is not None:
            why.append(f"it holds {unsafe}: {url[:80]!r}")
    if not env.config.l10n_allow_raw_in_translations:
        for raw in sorted(translation["raw"] - source["raw"]):
            why.append(f"it adds raw {raw.split(':', 1)[0] or 'output'} the source does not have")
    return why


class _GuardedLocale:
    """Sphinx's own Locale transform, run inside the sandbox, its results compared with the source."""

    def apply(self, **kwargs: Any) -> None:
        env = self.env  # type: ignore[attr-defined]
        before = [(node, msg, list(node.children), dict(node.attributes), _pointers(env, node))
                  for node, msg in extract_messages(self.document)]  # type: ignore[attr-defined]
        _SANDBOX.catalog_dirs = tuple(os.path.join(os.path.realpath(os.path.join(env.srcdir, d)), "")
                                      for d in env.config.locale_dirs)
        registry = getattr(env, "_registry", None) or self.app.registry  # type: ignore[attr-defined]
        with _SANDBOX.armed(), _parses_watched(registry) as refused_parses:
            try:
                super().apply(**kwargs)  # type: ignore[misc]
            except Exception:
                if not refused_parses:  # a refused parse is reported below, with its catalog line
                    raise
        # With a refused parse the transform may have stopped midway: every node goes back to its source.
        refused_nodes = [(msg, why) for node, msg, _children, _attributes, source in before
                         if (why := _violations(env, source, _pointers(env, node)))]
        bad = {msg for msg, _why in refused_nodes}
        for node, msg, children, attributes, _source in before:
            if refused_parses or msg in bad:
                _restore(node, children, attributes)
        found = [(*_catalog_line(env, msg=msg), reason) for msg, why in refused_nodes for reason in why]
        found += [(*_catalog_line(env, text=text), f"it tries to {what}")
                  for text, refused in refused_parses for what in refused]
        if found:
            _refusals(env).setdefault(env.docname, []).extend(found)


@contextlib.contextmanager
def _parses_watched(registry: Any) -> Iterator[list[tuple[str, list[str]]]]:
    """Each translation Sphinx parses while this is on, with what the sandbox refused it."""
    watched: list[tuple[str, list[str]]] = []
    create = registry.create_source_parser

    def create_watched(*args: Any, **kwargs: Any) -> Any:
        parser = create(*args, **kwargs)
        parse = parser.parse

        def parse_watched(text: str, document: nodes.document) -> None:
            start = len(_SANDBOX.refused)
            try:
                parse(text, document)
            except Exception:
                if len(_SANDBOX.refused) == start:
                    raise  # not the sandbox's doing: Sphinx reports it as it would
                # The refusal surfaced as an exception: this translation is left
                # unparsed (Sphinx then keeps the source) and the others go on.
                document.children = []
            if len(_SANDBOX.refused) > start:
                watched.append((text, _SANDBOX.refused[start:]))

        parser.parse = parse_watched
        return parser

    registry.create_source_parser = create_watched
    try:
        yield watched
    finally:
        del registry.create_source_parser  # the class's own method again


def _guarded(locale: type) -> type:
    """locale (Sphinx's Locale or a subclass an extension registered) with the guard around it."""
    return type(f"Guarded{locale.__name__}", (_GuardedLocale, locale), {})


def _restore(node: nodes.Element, children: list[nodes.Node], attributes: dict[str, Any]) -> None:
    node.children = children
    for child in children:
        child.parent = node
    node.attributes = attributes
    node["translated"] = False


Refusal = tuple[str, int, str]  # catalog, line, why


def _refusals(env: "BuildEnvironment") -> dict[str, list[Refusal]]:
    if not hasattr(env, "l10n_refusals"):
        env.l10n_refusals = {}  # type: ignore[attr-defined]
    refusals: dict[str, list[Refusal]] = env.l10n_refusals  # type: ignore[attr-defined]
    return refusals


def _catalog_line(env: "BuildEnvironment", *, msg: str = "", text: str = "") -> tuple[str, int]:
    """file:line, in the catalog Sphinx read this document's translations from, of msg's entry
    or of the entry whose msgstr the parsed text holds."""
    domain = docname_to_domain(env.docname, env.config.gettext_compact)
    repository = CatalogRepository(env.srcdir, env.config.locale_dirs, env.config.language, env.config.source_encoding)
    squeezed = "".join(text.split())
    for info in repository.catalogs:
        if info.domain != domain:
            continue
        try:
            entries = [e for e in catalogs.load(info.po_path) if not e.obsolete and e.msgstr]
        except L10nError:
            entries = []
        for entry in entries:
            if (msg and entry.msgid == msg) or (squeezed and "".join(entry.msgstr.split()) in squeezed):
                return _shown_path(info.po_path), entry.linenum or 1
        return _shown_path(info.po_path), 1
    return _shown_path(env.doc2path(env.docname)), 1


def _shown_path(path: str | os.PathLike[str]) -> str:
    """The path as the user knows it: relative to the working folder when inside it; a catalog
    Sphinx reads through a link in the build's own folder (sphinx_l10n.site.folders.catalog_folder), as the
    project's file."""
    normal = os.path.realpath(path)
    relative = os.path.relpath(normal, os.path.realpath(os.getcwd()))
    return normal if relative.startswith("..") else relative


def _check_catalogs(app: "Sphinx", env: "BuildEnvironment", docnames: list[str]) -> None:
    """Every catalog Sphinx compiled loads in Python's gettext: one that does not, Sphinx ignores without a word."""
    repository = CatalogRepository(env.srcdir, app.config.locale_dirs, app.config.language, app.config.source_encoding)
    problems: list[Refusal] = []
    for info in repository.catalogs:
        try:
            with open(info.mo_path, "rb") as mo:
                gettext.GNUTranslations(mo)
        except FileNotFoundError:
            problems.append((_shown_path(info.po_path), 1, "Sphinx could not compile this catalog (see its warning "
                             "above); its pages would be published untranslated"))
        except (OSError, ValueError, SyntaxError, RecursionError, MemoryError, struct.error) as exc:  # struct: a file cut short
            problems.append((_shown_path(info.po_path), _header_line(info.po_path, "Plural-Forms"),
                             f"Python's gettext cannot load this catalog ({exc}); Sphinx would ignore it "
                             "and publish the source language"))
    _stop(problems, "catalog(s) Sphinx would ignore")


def _header_line(path: str | os.PathLike[str], field: str) -> int:
    with contextlib.suppress(OSError), open(path, encoding="utf-8", errors="replace") as po:
        for number, line in enumerate(po, 1):
            if line.startswith(f'"{field}:'):
                return number
    return 1


def _stop_on_refusals(app: "Sphinx", exception: BaseException | None) -> None:
    """The build fails once it is done: its pages hold the source wherever a translation was refused."""
    if exception is None and app.env is not None:
        refusals = _refusals(app.env)
        _stop([refusal for doc in sorted(refusals) for refusal in refusals[doc]], "unsafe translation(s) refused")


def _stop(problems: list[Refusal], what: str) -> None:
    """One error line per problem, file:line first, then stop the build."""
    from sphinx.util import logging

    problems = sorted(set(problems))
    logger = logging.getLogger(__name__)
    for path, line, why in problems:
        logger.error("%s", f"{safety.UNSAFE_REFUSED + ': ' if 'refused' in what else ''}{why}", location=f"{path}:{line}")
    if problems:
        raise UnsafeTranslation(f"{len(problems)} {what}: see the errors above")


def _purge(app: "Sphinx", env: "BuildEnvironment", docname: str) -> None:
    _refusals(env).pop(docname, None)


def _merge(app: "Sphinx", env: "BuildEnvironment", docnames: set[str], other: "BuildEnvironment") -> None:
    for docname in docnames:
        if docname in _refusals(other):
            _refusals(env)[docname] = _refusals(other)[docname]


def setup(app: "Sphinx") -> dict[str, Any]:
    _install_hook()
    _SANDBOX.readable = _python_folders()
    if "l10n_allow_raw_in_translations" not in app.config:
        # A project whose source uses raw output on purpose may let translations
        # add theirs: raw HTML can then run any script in the reader's browser.
        app.add_config_value("l10n_allow_raw_in_translations", False, "env")
    transforms = app.registry.transforms
    for index, transform in enumerate(transforms):
        if isinstance(transform, type) and issubclass(transform, Locale) and not issubclass(transform, _GuardedLocale):
            transforms[index] = _guarded(transform)
    app.connect("env-before-read-docs", _check_catalogs)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("build-finished", _stop_on_refusals)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
