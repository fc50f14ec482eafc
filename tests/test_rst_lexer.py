"""The fast reST lexer (rst.scan) and its quick answers, against what docutils reads.

Where scan(text).complete is True, the checks trust the lexer and never ask docutils: then its
signature, emphasis and strong counts must be docutils' own. A complete=False only costs time.
"""

import pytest

from sphinx_l10n.markup import rst


def assert_read_as_docutils(text):
    """The lexer read the whole text, and read it as docutils does."""
    lexed, parsed = rst.scan(text), rst.parse(text)
    assert lexed.complete, text
    assert parsed.problems == [] and parsed.block_types == ("paragraph",)
    assert lexed.signature == dict(parsed.signature)
    assert (lexed.emphasis, lexed.strong) == (parsed.emphasis, parsed.strong)


@pytest.mark.parametrize("text", [
    "Save it as **draft**.",
    "See (**bold**), (*em*), (``x``) and (:func:`f`).",
    "The default (``None``) keeps the *current* value [#]_.",
])
def test_common_markup_bare_or_inside_parentheses_is_read_whole_without_docutils(text):
    """An opener before a start-string leaves it to docutils only when the matching closer follows it."""
    assert_read_as_docutils(text)


@pytest.mark.parametrize("text", ["Multiply (*) by 2*", "(*)*", "A bullet (*) then a star*"])
def test_a_start_string_between_an_opener_and_its_closer_is_left_to_docutils(text):
    """docutils takes "(*)" as text: the lexer, which reads an emphasis from it, must not say it read the text whole."""
    assert rst.parse(text).emphasis == 0
    assert rst.scan(text).emphasis == 1
    assert not rst.scan(text).complete


def test_a_literal_runs_to_its_first_end_string_in_a_message_with_a_start_string_after_the_last_one():
    """``x ``y`` is one literal for docutils. A message with many literals is read in bounded time
    (each literal stopping before a start-string of its kind) only when start-strings left open after
    the last end-string would make the lexer read it over many times: one such (here in an emphasis)
    does not, and the message is still read whole."""
    text = "Options ``-a``, ``-b``, ``-c``, ``-d`` and the literal ``x ``y`` (*not ``this*)."
    assert_read_as_docutils(text)
    assert rst.scan(text).signature["literal", "x ``y"] == 1


@pytest.mark.parametrize(("source", "translation"), [
    ("Click :guilabel:`Cancel`.", "Cliquez sur :guilabel:`Annuler`."),
    ("Choose :menuselection:`File --> Save`.", "Choisissez :menuselection:`Fichier --> Enregistrer`."),
    ("Use :abbr:`LIFO (last in, first out)`.", "Utilisez :abbr:`LIFO (dernier entré, premier sorti)`."),
])
def test_a_role_whose_text_is_prose_is_the_same_markup_once_translated(source, translation):
    """A prose role keys on its name alone (its text is translated, not a target): the lexer and
    docutils both see the translation keep the source's markup."""
    assert rst.scan(source).signature == rst.scan(translation).signature
    assert rst.parse(source).signature == rst.parse(translation).signature == rst.scan(source).signature
    name = source.split(":")[1]
    assert rst.scan(source).signature == {("role", name, ""): 1}


def test_docutils_reading_counts_each_start_string_character_of_a_paragraph_alike():
    """Each * ` | of a paragraph may be a start-string docutils reads on to the paragraph's end."""
    for text in ("*a* `b`", "*a* *b*", "|a| |b|", "`a` |b|"):
        assert rst.docutils_reading(text) == len(text) * (1 + 4), text
    paragraphs = "*a* `b`\n\n`c`"
    assert rst.docutils_reading(paragraphs) == len(paragraphs) + 4 * len("*a* `b`") + 2 * len("`c`")


def test_two_paragraphs_a_blank_line_apart_are_known_not_to_be_one_paragraph_without_parsing():
    for text in ("First paragraph.\n\nSecond paragraph.", "x = 1\n\nprint(x)"):
        assert rst.never_a_paragraph(text)
        assert rst.sphinx_reading(text).paragraphs == 2


def test_a_title_with_text_right_under_its_underline_leaves_one_top_level_paragraph():
    """What follows a title is in its section: docutils reads one clean paragraph at the top."""
    text = "Introduction.\n\nUsage\n=====\nRun the tool.\n\nThen read its report."
    reading = rst.sphinx_reading(text)
    assert (reading.first, reading.paragraphs, reading.problems) == ("paragraph", 1, ())
    assert not rst.never_a_paragraph(text)


def test_a_role_between_an_opener_and_its_closer_is_read_whole_as_docutils_reads_it():
    """docutils looks for a quoted start-string only where no role prefix stands: (:kbd:`)`) is the role."""
    text = "Press (:kbd:`)`) to close."
    assert rst.scan(text).complete
    assert rst.scan(text).signature == rst.parse(text).signature
