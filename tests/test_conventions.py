"""Conventions learned from a team's own catalogs: the names of code its translators translate as a
rule are told apart from a slip, printed in the report, and the configuration always wins."""

import json

from conftest import l10n

ENTRIES = [  # three entries translate ``key`` alike; one changes a method's name once, kept elsewhere
    ("The ``key`` of each item.", "La ``clave`` de cada elemento."),
    ("Each ``key`` is unique.", "Cada ``clave`` es única."),
    ("Sort them by ``key``.", "Ordénelos por ``clave``."),
    ("Call ``bind`` first.", "Llame primero a ``enlazar``."),
    ("Then ``bind`` again.", "Luego ``bind`` otra vez."),
]


def _project(root, check_table=""):
    (root / "docs").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'tool'\n" + check_table, encoding="utf-8")
    (root / "docs" / "conf.py").write_text("project = 'Tool'\nlanguage = 'en'\nlocale_dirs = ['locale/']\n",
                                           encoding="utf-8")
    (root / "docs" / "index.rst").write_text("Tool\n====\n\n" + "\n\n".join(s for s, _ in ENTRIES) + "\n",
                                             encoding="utf-8")
    folder = root / "docs" / "locale" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    body = "".join(f'\nmsgid "{source}"\nmsgstr "{target}"\n' for source, target in ENTRIES)
    (folder / "index.po").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                                     f'"Language: es\\n"\n{body}', encoding="utf-8")
    return root / "docs"


def _check(docs):
    result = l10n("check", "--lang", "es", "--format", "json", "--no-cache", cwd=docs)
    data = json.loads(result.stdout)
    return {(f["msgid"], f["severity"]): f["message"] for f in data["findings"] if f["check"] == "markup"}, data


def test_names_a_team_translates_in_every_entry_are_a_convention_a_single_rename_is_an_error(tmp_path):
    found, data = _check(_project(tmp_path))
    assert data["conventions"] == ["es: ``key`` is written ``clave`` in code (3 entries)"]
    for source, _ in ENTRIES[:3]:
        assert "names this team translates in code (key → clave)" in found[source, "warning"]
    assert found[ENTRIES[3][0], "error"] == "``bind`` is shown as ``enlazar``: code changed (bind → enlazar)"
    text = l10n("check", "--lang", "es", "--no-cache", cwd=tmp_path / "docs").stdout
    assert "convention learned: es: ``key`` is written ``clave`` in code (3 entries)" in text


def test_the_configuration_wins_over_what_the_catalogs_show(tmp_path):
    table = '[tool.sphinx-l10n.check]\nkept_names = ["key"]\ntranslated_names = ["bind"]\n'
    found, data = _check(_project(tmp_path, table))
    assert data["conventions"] == []
    assert all((source, "error") in found for source, _ in ENTRIES[:3])  # key must stay key
    assert (ENTRIES[3][0], "warning") in found  # the team says it translates bind


def test_a_role_conf_py_declares_for_display_has_its_text_translated(tmp_path):
    """rst_prolog's ``.. role:: badge`` (no base role): docutils shows the text as is, so it is the reader's."""
    docs = _project(tmp_path)
    conf = docs / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + 'rst_prolog = """\n.. role:: badge\n.. role:: api(code)\n"""\n',
                    encoding="utf-8")
    po = docs / "locale" / "es" / "LC_MESSAGES" / "index.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "For :badge:`logged-in users` only."\n'
                  'msgstr "Solo para :badge:`usuarios conectados`."\n'
                  '\nmsgid "Call :api:`connect` first."\nmsgstr "Llame primero a :api:`conectar`."\n', encoding="utf-8")
    found, data = _check(docs)
    assert not any("badge" in message for message in found.values()), found
    assert ("Call :api:`connect` first.", "error") in found  # a role with a base role is that role
    assert data["conventions"][0].startswith("all languages: the text of :badge: is translated (conf.py declares")


def test_init_writes_the_learned_conventions_for_review(tmp_path):
    docs = _project(tmp_path)
    result = l10n("init", cwd=tmp_path, check=True)
    assert "learned from the catalogs: es: ``key`` is written ``clave`` in code (3 entries)" in result.stdout
    settings = (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    assert '[tool.sphinx-l10n.check]' in settings and 'translated_names = ["key"]' in settings
    found, _ = _check(docs)  # now configured: the same findings, whatever the catalogs go on to show
    assert all((source, "warning") in found for source, _ in ENTRIES[:3])


def test_a_role_whose_text_every_entry_translates_is_learned(tmp_path):
    docs = _project(tmp_path)
    po = docs / "locale" / "es" / "LC_MESSAGES" / "index.po"
    roles = [("Click :ui:`Save` now.", "Pulse :ui:`Guardar` ahora."), ("Open :ui:`File settings`.", "Abra :ui:`Ajustes`."),
             ("Then :ui:`Close` it.", "Luego :ui:`Cerrar`."), ("See :pep:`8` first.", "Vea :pep:`9` primero.")]
    po.write_text(po.read_text(encoding="utf-8") + "".join(f'\nmsgid "{s}"\nmsgstr "{t}"\n' for s, t in roles),
                  encoding="utf-8")
    found, data = _check(docs)
    assert "es: the text of :ui: roles is translated (3 entries)" in data["conventions"]
    assert all((source, "warning") in found for source, _ in roles[:3])
    assert (roles[3][0], "error") in found  # a PEP's number is no text to translate
