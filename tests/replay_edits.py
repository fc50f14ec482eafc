"""Simulated author edits replayed through `update`'s merge: how many translations of unchanged
sentences survive, and whether a stale sentence could ever be published as translated.

Used by tests/test_memory.py on the project's catalogs and by bench/memory.py on the corpora.
"""

import dataclasses
import random

import polib

from sphinx_l10n import catalogs, memory

KINDS = ("insert", "delete", "reword", "typo", "spacing")


@dataclasses.dataclass
class Replay:
    unchanged: int = 0  # sentences an edit left as they were
    kept: int = 0  # ... whose translation the merged entry still holds
    edits: int = 0
    published_stale: list[str] = dataclasses.field(default_factory=list)  # edited entries left translated wrongly
    spacing_kept: int = 0  # spacing-only edits that stayed translated and unchanged
    spacing: int = 0


def _spacing_edit(text: str, rng: random.Random) -> str | None:
    """A change no translation needs: a space after a comma added or removed, or other quotes."""
    choices = [i for i, c in enumerate(text) if c == "," and i + 1 < len(text)]
    if choices:
        i = rng.choice(choices)
        return text[:i + 1] + text[i + 2:] if text[i + 1] == " " else text[:i + 1] + " " + text[i + 1:]
    if "“" in text:
        return text.replace("“", "« ").replace("”", " »")
    return None


def edit(source: str, lang: str, kind: str, rng: random.Random, elsewhere: list[str]) -> tuple[str, set[int]] | None:
    """source with one edit of kind; and the indexes of its sentences left unchanged."""
    parts = memory.sentences(source, lang)
    if len(parts) < 2:
        return None
    index = rng.randrange(len(parts))
    if kind == "spacing":
        changed = _spacing_edit(source, rng)
        return (changed, set(range(len(parts)))) if changed else None
    if kind == "insert":
        new = [*parts[:index], rng.choice(elsewhere), *parts[index:]]
    elif kind == "delete":
        new = parts[:index] + parts[index + 1:]
    elif kind == "typo":  # a typo fixed: two letters of a word swapped back
        words = parts[index].split(" ")
        long_words = [i for i, word in enumerate(words) if len(word) >= 5 and word.isalpha() and word[1] != word[2]]
        if not long_words:
            return None
        position = rng.choice(long_words)
        word = words[position]
        words[position] = word[0] + word[2] + word[1] + word[3:]
        new = [*parts[:index], " ".join(words), *parts[index + 1:]]
    else:  # reword: one word of one sentence replaced
        words = parts[index].split(" ")
        if len(words) < 3:
            return None
        position = rng.randrange(1, len(words) - 1)
        words[position] = "vraiment" if words[position] != "vraiment" else "aussi"
        new = [*parts[:index], " ".join(words), *parts[index + 1:]]
    return " ".join(new), set(range(len(parts))) - {index}


def replay(pairs: list[tuple[str, str]], source_lang: str, target_lang: str, seed: int = 2026,
           kinds: tuple[str, ...] = KINDS) -> Replay:
    """Each (msgid, msgstr) edited once per kind, merged as `update` merges, and measured."""
    rng = random.Random(seed)
    elsewhere = [s for msgid, _ in pairs for s in memory.sentences(msgid, source_lang)]
    result = Replay()
    for msgid, msgstr in pairs:
        alignment = memory.align(msgid, msgstr, source_lang, target_lang)
        group_of = {i: tuple(alignment.target[j] for j in t) for s, t in alignment.groups for i in s}
        for kind in kinds:
            edited = edit(msgid, source_lang, kind, rng, elsewhere)
            if edited is None or edited[0] == msgid:
                continue
            new_source, unchanged = edited
            entry = _merged(msgid, msgstr, new_source, source_lang, target_lang)
            result.edits += 1
            if kind == "spacing":
                result.spacing += 1
                result.spacing_kept += catalogs.is_translated(entry) and entry.msgstr == msgstr
                continue
            if catalogs.is_translated(entry):
                result.published_stale.append(f"{kind}: {new_source[:80]}")
            result.unchanged += len(unchanged)
            result.kept += sum(1 for i in unchanged if i in group_of and all(t in entry.msgstr for t in group_of[i]))
    return result


def _merged(msgid: str, msgstr: str, new_source: str, source_lang: str, target_lang: str) -> "polib.POEntry":
    po = polib.POFile()
    po.metadata = {"Language": target_lang}
    po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    pot = polib.POFile()
    pot.append(polib.POEntry(msgid=new_source, msgstr=""))
    merged = catalogs.merge(po, pot, source_lang=source_lang)
    return next(e for e in merged if not e.obsolete)
