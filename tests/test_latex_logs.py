"""What a translator reads of a LaTeX log: the characters a PDF's fonts lack, and why LaTeX made no PDF."""
import pathlib

from sphinx_l10n.site.pdf import latex_failure, missing_glyphs, missing_glyphs_message

LOG = pathlib.Path("build/latex/de/doc-de.log")


def _head(log: bytes, policy: str = "warning") -> str:
    return missing_glyphs_message(LOG, missing_glyphs(log), policy).splitlines()[0]


def test_one_character_set_once_is_said_in_the_singular():
    log = b"(./doc-de.toc)\nMissing character: There is no \xe2\x89\xa5 (U+2265) in font [FreeSerif.otf]/OT:script=latn;!\n"
    assert _head(log).startswith(f"{LOG}: warning: a font lacks 1 character, set 1 time: the PDF is published with gaps")


def test_one_character_set_twice_is_set_2_times():
    line = b"Missing character: There is no \xe2\x89\xa5 (U+2265) in font [FreeSerif.otf]/OT:script=latn;!\n"
    assert _head(line * 2, "error").startswith(f"{LOG}: a font lacks 1 character, set 2 times: the PDF would show gaps")


def test_two_characters_set_three_times_are_in_the_plural():
    log = (b"Missing character: There is no \xe2\x89\xa5 (U+2265) in font [FreeSerif.otf]/OT:script=latn;!\n" * 2
           + b"Missing character: There is no \xe6\xbc\xa2 (U+6F22) in font [FreeSerif.otf]/OT:script=latn;!\n")
    assert _head(log).startswith(f"{LOG}: warning: a font lacks 2 characters, set 3 times:")


def test_a_missing_combining_mark_is_shown_on_a_dotted_circle():
    log = b"Missing character: There is no \xcc\x81 (U+0301) in font [FreeSerif.otf]/OT:script=latn;!\n"
    lines = missing_glyphs_message(LOG, missing_glyphs(log), "warning").splitlines()
    assert lines[1] == "  FreeSerif.otf lacks \u25cc\u0301 U+0301 COMBINING ACUTE ACCENT"


def test_pdflatex_escapes_of_control_characters_add_or_take_64():
    """pdflatex writes a byte below 32 or DEL as ^^ and the character 64 away: ^^? is DEL, ^^@ NUL, ^^I a tab."""
    log = (b"Missing character: There is no ^^? in font ec-lmr10!\n"
           b"Missing character: There is no ^^@ in font ec-lmr10!\n"
           b"Missing character: There is no ^^I in font ec-lmr10!\n")
    found = missing_glyphs(log)
    assert found == {"ec-lmr10": {"\x7f": 1, "\x00": 1, "\t": 1}}
    lines = missing_glyphs_message(LOG, found, "warning").splitlines()
    assert lines[1] == "  ec-lmr10 lacks \\x7f U+007F CONTROL, \\x00 U+0000 CONTROL, \\t U+0009 CONTROL"


def test_a_log_cut_off_inside_its_last_message_is_read_up_to_the_cut():
    """LaTeX killed while writing: the log ends, with no newline, in a message cut at 79 characters."""
    whole = "Missing character: There is no 漢 (U+6F22) in font [FreeSerif.otf]/OT:script=latn;language=DEU;!"
    first = "Missing character: There is no ≥ (U+2265) in font [FreeSerif.otf]/OT:script=latn;!"
    cut = whole.encode()[:79]
    assert len(cut) == 79 and not cut.endswith(b"!")
    assert missing_glyphs(first.encode() + b"\n" + cut) == {"FreeSerif.otf": {"≥": 1}}


def test_without_an_error_line_latexmk_s_last_words_are_the_reason(tmp_path):
    tex = tmp_path / "doc-de.tex"
    tex.write_text("")
    said = ("Rc files read:\n  latexmkrc\nLatexmk: This is Latexmk, John Collins, 4.83.\n"
            "Latexmk: applying rule 'xelatex'...\nLatexmk: Failure to make 'doc-de.pdf'\n")
    assert latex_failure(tex, "", said) == f"{tex}: LaTeX failed: Latexmk: Failure to make 'doc-de.pdf'"
    assert latex_failure(tex, "", "xelatex: killed\n") == f"{tex}: LaTeX failed: xelatex: killed"
    assert latex_failure(tex, "", "\n") == f"{tex}: LaTeX failed: no output"
