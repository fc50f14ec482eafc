"""PDFs from Sphinx's LaTeX: latexmk per document, and what a font could not set (missing glyphs)
or LaTeX could not make, each in one line."""

import collections
import pathlib
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Sequence

from sphinx_l10n.config import Config
from sphinx_l10n.report import printable
from sphinx_l10n.site.folders import output_dir
from sphinx_l10n.site.runner import Slots

# How latexmk makes a PDF with each engine, with the rc files Sphinx writes. xelatex and
# lualatex: every pass without a PDF, one conversion at the end (what Sphinx's own Makefile
# advises "for faster builds"); pLaTeX and upLaTeX: DVI, then dvipdfmx.
_LATEXMK = {"xelatex": ["-r", "latexmkrc", "-xelatex"], "lualatex": ["-r", "latexmkrc", "-lualatex"],
            "platex": ["-r", "latexmkjarc", "-pdfdvi"], "uplatex": ["-r", "latexmkjarc", "-pdfdvi"]}


def make_pdfs(config: Config, lang: str, documents: Sequence[str], engine: str,
              slots: Slots) -> tuple[str, list[str], str]:
    """latexmk on each .tex file of latex_documents; each PDF published as build/pdf/<name>-<lang>.pdf
    (and in build/html/pdf/ for the site's links). Why one could not be made ('' if all were), the
    PDFs published, and the characters their fonts lack where pdf_missing_glyphs publishes them."""
    if shutil.which("latexmk") is None:
        return "latexmk not found: install TeX Live's latexmk (Debian: apt-get install latexmk)", [], ""
    latex_dir = output_dir(config, lang, "pdf")
    if not documents:
        return f"{latex_dir}: the project's latex_documents is empty: no PDF to make", [], ""
    policy = config.build.for_language(lang).pdf_missing_glyphs
    published: list[str] = []
    warnings: list[str] = []
    for document in documents:
        tex = latex_dir / document
        mode = _LATEXMK.get(engine, ["-r", "latexmkrc", "-pdf"])
        command = ["latexmk", *mode, "-dvi-", "-ps-", "-interaction=nonstopmode", "-halt-on-error", tex.name]
        result = slots.run(subprocess.run, command, cwd=latex_dir, capture_output=True, text=True, errors="replace")
        log_path = tex.with_suffix(".log")
        log = log_path.read_bytes() if log_path.exists() else b""
        if result.returncode != 0:
            return latex_failure(tex, log.decode("utf-8", "replace"), result.stdout + result.stderr), published, ""
        missing = missing_glyphs(log)
        if missing and policy == "error":
            return missing_glyphs_message(log_path, missing, policy), published, ""
        if missing:
            warnings.append(missing_glyphs_message(log_path, missing, policy))
        name = f"{tex.stem}-{lang}.pdf"
        for folder in (config.build_dir / "pdf", config.build_dir / "html" / "pdf"):
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(tex.with_suffix(".pdf"), folder / name)
            published.append(str(folder / name))
    return "", published, "\n".join(warnings)


# How TeX engines log a character that no glyph of the font shows (\tracinglostchars), one message
# each time it is set:
#   xelatex, lualatex:    Missing character: There is no 漢 (U+6F22) in font [FreeSerif.otf]/OT:script=latn;!
#   xelatex, a TFM font:  Missing character: There is no 漢 ("6F22) in font cmr10!
#   pdflatex:             Missing character: There is no ^^e2 in font cmr10!   (a line for each byte)
# The character may be written as ^^ escapes (^^F for U+0006, ^^e2^^89^^a5 for the bytes of ≥), and
# TeX cuts the log's lines at max_print_line (79 characters; pdfTeX counts bytes), in a font's name
# or even inside a character.
_MISSING_CHARACTER = re.compile(rb"Missing character: There is no (.+?)(?: \((?:U\+|\")([0-9A-Fa-f]{1,6})\))? "
                                rb"in font (.+)!", re.DOTALL)


_LOG_WIDTH = 79


_TEX_ESCAPE = re.compile(rb"\^\^\^\^\^\^([0-9a-f]{6})|\^\^\^\^([0-9a-f]{4})|\^\^([0-9a-f]{2})|\^\^([\x00-\x7f])")


_SHOWN_PER_FONT = 12  # characters a message names for one font; it counts the others


def missing_glyphs(log: bytes) -> dict[str, collections.Counter[str]]:
    """{font: {character: times}}: every "Missing character" message of a LaTeX log, the character
    decoded, the font without its features ("[FreeSerif.otf]/OT:script=latn;" is FreeSerif.otf)."""
    found: dict[str, collections.Counter[str]] = {}
    pending: list[bytes] = []  # pdflatex's bytes of a character, a message each, and their font
    pending_font = ""

    def flush() -> None:
        if pending:
            found.setdefault(pending_font, collections.Counter()).update(_characters(b"".join(pending)))
            pending.clear()

    lines = log.split(b"\n")
    index = 0
    while index < len(lines):
        line = lines[index].rstrip(b"\r")
        index += 1
        if not line.startswith(b"Missing character: "):
            continue
        message = line
        while (not message.endswith(b"!") and len(line) >= _LOG_WIDTH and index < len(lines)
               and not lines[index].startswith(b"Missing character: ")):
            line = lines[index].rstrip(b"\r")
            index += 1
            message += line
        match = _MISSING_CHARACTER.fullmatch(message)
        if match is None:
            continue
        shown, code, spec = match.groups()
        font = _font_name(spec.decode("utf-8", "replace"))
        if code is None:  # pdflatex: one byte of the character; its next bytes follow
            if font != pending_font:
                flush()
            pending.append(_TEX_ESCAPE.sub(_unescape, shown))
            pending_font = font
            continue
        flush()
        point = int(code, 16)
        found.setdefault(font, collections.Counter())[chr(point) if point <= 0x10FFFF else "\ufffd"] += 1
    flush()
    return found


def _unescape(match: re.Match[bytes]) -> bytes:
    """A ^^ escape as the bytes it stands for: ^^^^6f22 and ^^^^^^01f642 a character, ^^e2 a byte,
    ^^F the control character 6 (TeX's ^^ adds or takes 64)."""
    wide, narrow, byte, char = match.groups()
    if wide or narrow:
        return chr(min(int(wide or narrow, 16), 0x10FFFF)).encode("utf-8", "surrogatepass")
    if byte:
        return bytes([int(byte, 16)])
    return bytes([char[0] + 64 if char[0] < 64 else char[0] - 64])


def _characters(data: bytes) -> str:
    """Bytes pdflatex could not set, as the characters they encode: UTF-8's, else each byte its own."""
    return re.sub("[\udc80-\udcff]", lambda m: chr(ord(m.group()) - 0xDC00), data.decode("utf-8", "surrogateescape"))


def _font_name(spec: str) -> str:
    """The font of a TeX font name, without its features: "[/usr/share/fonts/FreeSerif.otf]/OT:…" and
    "[FreeSerif.otf]:mode=node;…" are FreeSerif.otf, "FreeSerif/OT:…" and "name:FreeSerif:…" FreeSerif."""
    spec = spec.strip().strip('"')
    if spec.startswith("["):
        return pathlib.PurePath(spec[1:].partition("]")[0]).name or spec
    spec = re.sub(r"^(?:name|file):", "", spec)
    return re.split(r"/(?:OT|AAT|GR|ICU|S=)|:", spec, maxsplit=1)[0] or spec


def missing_glyphs_message(log_path: pathlib.Path, found: dict[str, collections.Counter[str]], policy: str) -> str:
    """What the fonts lack, for the maintainer to act on: a line with the log and what becomes of
    the PDF, then a line per font, each character with its code point, name and times set."""
    times = sum(sum(counts.values()) for counts in found.values())
    distinct = len({char for counts in found.values() for char in counts})
    fonts = "a font lacks" if len(found) == 1 else f"{len(found)} fonts lack"
    what = f"{fonts} {distinct} character{'s' if distinct > 1 else ''}, set {times} time{'s' if times > 1 else ''}"
    remedy = "choose fonts that have them (conf.py's latex_elements[\"fontpkg\"]) or change the translation"
    if policy == "error":
        head = (f"{log_path}: {what}: the PDF would show gaps, so it is withheld; {remedy}, "
                "or publish it with the gaps: pdf_missing_glyphs = \"warning\"")
    else:
        head = f"{log_path}: warning: {what}: the PDF is published with gaps (pdf_missing_glyphs = \"warning\"); {remedy}"
    lines = [head]
    for font, counts in sorted(found.items(), key=lambda item: -sum(item[1].values())):
        chars = counts.most_common()
        shown = ", ".join(f"{_glyph(char)} {_character_name(char)}" + (f" ×{n}" if n > 1 else "")
                          for char, n in chars[:_SHOWN_PER_FONT])
        more = f", and {len(chars) - _SHOWN_PER_FONT} more (the log names them)" if len(chars) > _SHOWN_PER_FONT else ""
        lines.append(f"  {printable(font)} lacks {shown}{more}")
    return "\n".join(lines)


_UNNAMED = {"Cc": "CONTROL", "Co": "PRIVATE USE", "Cn": "UNASSIGNED"}  # what Unicode gives no name


def _character_name(char: str) -> str:
    """U+6F22 CJK UNIFIED IDEOGRAPH-6F22; U+0006 CONTROL."""
    return f"U+{ord(char):04X} {unicodedata.name(char, '') or _UNNAMED.get(unicodedata.category(char), 'UNNAMED')}"


def _glyph(char: str) -> str:
    """A character as a terminal can show it: a combining mark on a dotted circle, a control as its escape."""
    if unicodedata.category(char) in ("Mn", "Me"):
        return "\u25cc" + char
    return printable(char)


def latex_failure(tex: pathlib.Path, log: str, output: str) -> str:
    """Why latexmk made no PDF of tex, in one line: LaTeX's first error (a "!" line of the log),
    else what latexmk said (it may have stopped before LaTeX wrote a log), naming a file that exists."""
    if not tex.is_file():
        written = ", ".join(sorted(path.name for path in tex.parent.glob("*.tex"))) or "none"
        return f"{tex}: Sphinx wrote no such file (it wrote: {written})"
    log_path = tex.with_suffix(".log")
    first = next((line for line in log.splitlines() if line.startswith("!")), None)
    if first is not None:
        return f"{log_path}: LaTeX failed: {first}"
    said = [line.strip() for line in output.splitlines() if line.strip()]
    reason = next((line for line in said if "rror" in line or line.startswith("!")), said[-1] if said else "no output")
    return f"{log_path if log else tex}: LaTeX failed: {reason}"
