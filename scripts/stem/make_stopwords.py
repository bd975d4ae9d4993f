#!/usr/bin/env python3
"""Regenerate crates/lede-stem/stopwords/<iso>.txt from their upstream sources.

Sources (see the lede-stem crate docs for why these lists):

* 17 languages: the NLTK stopwords corpus, read from the copy that the `stop-words`
  crate ships (``~/.cargo/registry/src/*/stop-words-0.8.1/src/nltk/<language>``).
* Tamil: spaCy's ``spacy/lang/ta/stop_words.py`` (MIT), read from a spaCy wheel
  (``pip download --no-deps -d DIR spacy``; pass the wheel with ``--spacy-wheel``).
* English: NLTK plus the small curated news addition ``EN_NEWS_ADDITIONS`` below.
* Romanian: NLTK's cedilla spellings (ş ţ) plus the same words with comma-below (ș ț).
* Russian: NLTK plus the ё spellings of its words ее, еще, все, нее.

Every list is normalised the way lede's tokenizer normalises its input: NFKC,
lower-case, curly apostrophes folded to ASCII ``'``; then de-duplicated and sorted.

Usage: python3 scripts/stem/make_stopwords.py --spacy-wheel /tmp/x/spacy-*.whl
"""

from __future__ import annotations

import argparse
import ast
import glob
import os
import sys
import unicodedata
import zipfile

NLTK = {
    "ar": "arabic", "da": "danish", "nl": "dutch", "en": "english", "fi": "finnish",
    "fr": "french", "de": "german", "el": "greek", "hu": "hungarian", "it": "italian",
    "no": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian",
    "es": "spanish", "sv": "swedish", "tr": "turkish",
}

NLTK_LICENCE = (
    "licence: the NLTK corpus states none; its lists derive from the Snowball project's "
    "stop-word lists (BSD-3-Clause, https://snowballstem.org/license.html) and were "
    "copied from the stop-words crate 0.8.1 (MIT)"
)

# News-text function words that NLTK's English list (179 words) lacks. Only closed-class
# words (modals, reporting verbs, honorifics, prepositions, conjunctions, contractions):
# nothing that can be a topic. "us" is deliberately absent: lower-cased "US" is the United
# States, one of the most frequent entities in news.
EN_NEWS_ADDITIONS = """
said says say saying told according
would could might must shall may cannot
would've could've might've must've
also however although though whether unless whereas yet thus therefore hence
rather perhaps even still ever never already
upon among amongst within without via per onto toward towards across along around
behind beside besides beyond despite inside outside throughout till unlike amid
another every either neither much many several whose whatever whichever whoever
mr mrs ms
i'm i've i'll i'd he's he'll he'd she'll she'd it'll it'd we're we've we'll we'd
they're they've they'll they'd that's there's here's what's who's where's when's
why's how's let's can't
""".split()

# Russian: the ё spellings of NLTK words written with е (её, ещё, всё, неё).
RU_YO_SPELLINGS = ["её", "ещё", "всё", "неё"]


def normalise(word: str) -> str:
    word = unicodedata.normalize("NFKC", word.strip()).lower()
    return word.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")


def write(path: str, header: list[str], words: list[str], extra: list[str] | None = None) -> None:
    base = sorted({normalise(w) for w in words if w.strip()})
    lines = [f"# {h}" for h in header]
    lines += base
    added: list[str] = []
    if extra:
        added = sorted({normalise(w) for w in extra} - set(base))
        lines.append("# lede news additions (see the lede-stem crate docs):")
        lines += added
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{os.path.normpath(path)}: {len(base) + len(added)} words", file=sys.stderr)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nltk-dir", default=None, help="directory with NLTK lists (default: stop-words crate in ~/.cargo)")
    ap.add_argument("--spacy-wheel", required=True, help="a spaCy wheel (pip download --no-deps spacy)")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "..", "crates", "lede-stem", "stopwords"))
    args = ap.parse_args()

    nltk_dir = args.nltk_dir
    if nltk_dir is None:
        found = glob.glob(os.path.expanduser("~/.cargo/registry/src/*/stop-words-0.8.1/src/nltk"))
        if not found:
            print("stop-words-0.8.1 not found in ~/.cargo/registry; pass --nltk-dir", file=sys.stderr)
            return 1
        nltk_dir = found[0]
    os.makedirs(args.out, exist_ok=True)

    for iso, name in NLTK.items():
        with open(os.path.join(nltk_dir, name), encoding="utf-8") as f:
            words = f.read().split("\n")
        header = [
            f"{name} ({iso}) stop words for lede-stem; one word per line, NFKC, lower-case, ASCII apostrophes",
            f"source: NLTK stopwords corpus, list '{name}' (https://www.nltk.org/nltk_data/)",
            NLTK_LICENCE,
        ]
        if iso == "ro":
            # NLTK spells Romanian with the legacy cedilla letters (ş ţ); current text uses
            # comma-below (ș ț), and NFKC does not map one to the other: keep both.
            words += [w.replace("\u015f", "\u0219").replace("\u0163", "\u021b") for w in words]
            header[0] += "; s/t with cedilla and with comma below"
        if iso == "ru":
            # NLTK writes е where standard spelling has ё; text has both.
            words += RU_YO_SPELLINGS
            header[0] += "; with the ё spellings of ее, еще, все, нее"
        write(os.path.join(args.out, f"{iso}.txt"), header, words, EN_NEWS_ADDITIONS if iso == "en" else None)

    with zipfile.ZipFile(args.spacy_wheel) as z:
        src = z.read("spacy/lang/ta/stop_words.py").decode("utf-8")
        version = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA")).split("-")[1].split(".dist")[0]
    tree = ast.parse(src)
    literal = next(n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and len(n.value) > 100)
    header = [
        "tamil (ta) stop words for lede-stem; one word per line, NFKC, lower-case, ASCII apostrophes",
        f"source: spaCy {version}, spacy/lang/ta/stop_words.py (https://github.com/explosion/spaCy)",
        "licence: MIT, Copyright (C) 2016-2024 ExplosionAI GmbH, 2016 spaCy GmbH, 2015 Matthew Honnibal",
    ]
    write(os.path.join(args.out, "ta.txt"), header, literal.split())
    return 0


if __name__ == "__main__":
    sys.exit(main())
