"""Japanese search: Janome's words, and the compound nouns they make.

Sphinx's Janome splitter indexes 経営委員会 as 経営, 委員 and 会, while the search page
looks a query up whole: a reader who types the word on the page finds nothing. Indexing each
run of nouns as one word too makes the page's own words findable, and their parts still are.
"""

from sphinx.search.ja import JanomeSplitter

NOUN = "名詞"


class CompoundSplitter(JanomeSplitter):
    def split(self, input: str) -> list[str]:
        words: list[str] = []
        run: list[str] = []
        for token in self.tokenizer.tokenize(input, wakati=False):
            assert not isinstance(token, str)  # wakati=False: tokens, not strings
            words += token.surface.split()
            if token.part_of_speech.startswith(NOUN) and not token.surface.isspace():
                run.append(token.surface)
                continue
            words += _compound(run)
            run = []
        return words + _compound(run)


def _compound(run: list[str]) -> list[str]:
    return ["".join(run)] if len(run) > 1 else []
