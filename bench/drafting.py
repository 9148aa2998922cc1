"""`python -m bench --drafting`: the drafter on the seed article, against its transcription.

Drafts the Kyodo report of 2009-12-23 (the seed article, bundled as
`events/seeds/kyodo-2009-12-23.txt`) and compares the drafts with the bundled transcription
(`events/seeds/kyodo-2009-12-23.jsonl`) as `drafting.compare` does: precision, recall,
dates exactly right, dates more precise than the transcription (the one that must be
0), and each event missed with why. Then the time to draft an article of 1,000 words
(the seed's body, repeated), the best of five runs.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import orjson

from drafting.compare import Comparison, compare
from drafting.draft import Origin, draft

ROOT = Path(__file__).parent.parent
SEED_ARTICLE = ROOT / "events" / "seeds" / "kyodo-2009-12-23.txt"
SEED_EVENTS = ROOT / "events" / "seeds" / "kyodo-2009-12-23.jsonl"
SEED_ORIGIN = Origin("Kyodo", date(2009, 12, 23), "ID 96523")
GOAL = {"recall": 0.8, "precision": 0.7, "over_precise": 0}
"""What the drafter must reach on the seed."""


def seed_comparison() -> Comparison:
    """The seed article's drafts against its transcription."""
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    events = [orjson.loads(line) for line in SEED_EVENTS.read_bytes().splitlines() if line.strip()]
    return compare(draft(text, SEED_ORIGIN), events)


def thousand_words() -> str:
    """An article of 1,000 words or more: the seed's body, repeated."""
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    body = text[text.index("Twelve") : text.index("==Kyodo")]
    article = "VLADIVOSTOK, Russia, Dec. 23 Kyodo - "
    while len(article.split()) < 1000:
        article += body + "\n\n"
    return article


def main() -> None:
    found = seed_comparison()
    print(
        f"seed: {found.drafts} drafts, {found.events} transcribed events, {found.matched} matched"
    )
    print(f"precision {found.precision:.2f} (goal >= {GOAL['precision']})")
    print(f"recall {found.recall:.2f} (goal >= {GOAL['recall']})")
    print(f"dates exactly right {found.exact_dates} of {found.matched} matched")
    print(f"dates more precise than the transcription {found.over_precise} (goal 0)")
    for event, why in found.misses:
        print(f"missed: {event['kind']} {event['date']} people {event.get('people')}: {why}")
    article = thousand_words()
    best = min(_timed(article) for _ in range(5))
    print(f"a {len(article.split()):,}-word article drafted in {best:.3f} s (goal < 1 s)")


def _timed(article: str) -> float:
    started = time.perf_counter()
    draft(article, SEED_ORIGIN)
    return time.perf_counter() - started
