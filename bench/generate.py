"""Realistic synthetic stores: many cases, every kind in realistic proportions, vague dates.

`python -m bench.generate N FILE` writes a JSONL import of N lines. Cases hold
about 50 events each, opened over time and written in interleaved order, with
about 2% corrections and 1% retractions, as a documentation team's store grows.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

EVENTS_PER_CASE = 50
_KINDS: list[tuple[str, int]] = [
    ("observation", 25),
    ("agency_contacted", 12),
    ("asylum_requested", 12),
    ("fled_to_mission", 6),
    ("asylum_granted", 8),
    ("application_pending", 8),
    ("departed_to_third_country", 7),
    ("arrived", 8),
    ("figure_reported", 8),
    ("policy_stated", 6),
]
_COUNTRIES = ["South Korea", "United States", "Japan", "Mongolia", "Thailand"]
_PLACES = ["Vladivostok", "Amur Province", "Khabarovsk", "Moscow", "Nakhodka", "Blagoveshchensk"]
_OUTLETS = ["Kyodo", "Yonhap", "Reuters", "AP", "NK News", "UNHCR briefing"]


def _date(rng: random.Random) -> str:
    year = rng.randint(1995, 2012)
    shape = rng.random()
    if shape < 0.35:
        return str(year)
    if shape < 0.65:
        return f"{year}-{rng.randint(1, 12):02d}"
    if shape < 0.8:
        return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if shape < 0.92:
        return f"{year}/{year + rng.randint(1, 3)}"
    return rng.choice([f"{year}~", f"{year}?", f"{year}/..", f"../{year}", f"{str(year)[:3]}X"])


FACTS_PER_SOURCE = 20
"""A report supports about this many facts: sources are drawn from a pool of count/20."""


def _source(rng: random.Random, pool: int) -> dict[str, Any]:
    article = random.Random(rng.randrange(pool))  # the same article: the same outlet and date
    published = (
        f"{article.randint(2005, 2013)}-{article.randint(1, 12):02d}-{article.randint(1, 28):02d}"
    )
    return {
        "outlet": article.choice(_OUTLETS),
        "published": published,
        "reference": f"ID {article.randrange(10**6)}",
        "quote": "A sentence of the report the fact rests on.",
    }


def _fact(rng: random.Random, kind: str, case: str, pool: int) -> dict[str, Any]:
    place = rng.choice(_PLACES)
    country = rng.choice(_COUNTRIES)
    people = rng.choice([1, 1, 1, 2, 3, 4, 12, None])
    fact: dict[str, Any] = {
        "kind": kind,
        "case": case,
        "date": _date(rng),
        "place": f"{place}, Russia",
        "text": f"{kind.replace('_', ' ').capitalize()} in {place}, {rng.randrange(10**6)}.",
        "sources": [_source(rng, pool)],
    }
    if people is not None:
        fact["people"] = people
    extra: dict[str, dict[str, Any]] = {
        "fled_to_mission": {"mission": f"Consulate General in {place}", "mission_country": country},
        "asylum_requested": {"requested_from": "UNHCR", "channels": ["letter"], "country": country},
        "asylum_granted": {"country": country, "granted_by": f"Consulate General in {place}"},
        "agency_contacted": {"agency": "UNHCR Moscow office", "channels": ["letter", "phone"]},
        "departed_to_third_country": {
            "origin": place,
            "destination": country,
            "helped_by": ["UNHCR"],
        },
        "arrived": {"destination": country},
        "application_pending": {"handled_by": "UNHCR", "destination": country},
        "figure_reported": {
            "people": rng.randint(100, 3000),
            "population": "North Korean workers",
            "region": place,
            "about": True,
        },
        "policy_stated": {"authority": "the Russian government"},
        "observation": {},
    }
    return {**fact, **extra[kind]}


def lines(count: int, seed: int = 2009) -> list[dict[str, Any]]:
    """`count` JSONL objects: cases opened and written in interleaved order."""
    return list(stream(count, seed))


def stream(count: int, seed: int = 2009) -> Iterator[dict[str, Any]]:
    """The same objects as `lines`, one at a time, so ten million need no more memory than ten."""
    rng = random.Random(seed)
    kinds, weights = zip(*_KINDS, strict=True)
    written = 0
    active: list[list[Any]] = []  # [slug, events written, facts]
    opened = 0
    while written < count:
        if not active or (len(active) < 20 and rng.random() < 0.05):
            slug = f"case-{opened:06d}"
            opened += 1
            yield {"kind": "case_opened", "case": slug, "title": f"Synthetic case {opened}"}
            written += 1
            active.append([slug, 1, []])
            continue
        case = rng.choice(active)
        slug, version, facts = case
        roll = rng.random()
        if facts and roll < 0.02:
            line = {
                "kind": "correction",
                "event": f"{slug}:{rng.choice(facts)}",
                "changes": {"people": rng.randint(1, 20)},
                "reason": "a later source",
            }
        elif facts and roll < 0.03:
            target = facts.pop(rng.randrange(len(facts)))
            line = {"kind": "retraction", "event": f"{slug}:{target}", "reason": "duplicate"}
        else:
            line = _fact(
                rng, rng.choices(kinds, weights)[0], slug, max(1, count // FACTS_PER_SOURCE)
            )
            facts.append(version + 1)
        yield line
        written += 1
        case[1] = version + 1
        if case[1] >= EVENTS_PER_CASE:
            active.remove(case)


def write(count: int, path: Path, seed: int = 2009) -> Path:
    with path.open("wb") as out:
        for line in stream(count, seed):
            out.write(orjson.dumps(line) + b"\n")
    return path


if __name__ == "__main__":
    write(int(sys.argv[1]), Path(sys.argv[2]))
