"""Hostile input at every entry point: import lines, every CLI option, store files.

For each input the property asserts: a non-zero exit with the code docs/usage.md gives,
exactly one line on stderr of at most 300 characters, no traceback, and the store
unchanged byte for byte. The CLI runs in this process (`cli.main.run`) so thousands of
examples take minutes:

    python -m tests.fuzz 10000        # examples in all, split over the entry points

prints how many examples reached the assertions and how many failed.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli.field_options import FIELDS
from cli.main import run
from tests.strategies import fact_fields

REFUSED, BAD_INPUT, DAMAGED = 1, 2, 3
CASE = "amur-2009-group"


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def invoke(argv: list[str], stdin: bytes = b"") -> Outcome:
    """`timeline ARGV` in this process, its output captured."""
    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    sys.stdout, sys.stderr = out, err
    code = 0
    try:
        run(argv)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    out.flush()
    return Outcome(code, out.buffer.getvalue().decode(errors="replace"), err.getvalue())  # type: ignore[attr-defined]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the store's folder but SQLite's shared-memory index (which readers use)
    and an empty write-ahead log (made and removed as connections come and go)."""
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if not p.name.endswith("-shm") and not (p.name.endswith("-wal") and not p.stat().st_size)
    }


@dataclass
class Tally:
    """How many examples reached the assertions, by entry point."""

    reached: dict[str, int] = field(default_factory=dict)

    def add(self, entry: str) -> None:
        self.reached[entry] = self.reached.get(entry, 0) + 1


TALLY = Tally()


def check(outcome: Outcome, codes: tuple[int, ...], entry: str, before: dict[str, bytes],
          folder: Path) -> None:  # fmt: skip
    lines = outcome.err.splitlines()
    assert outcome.code in codes, (outcome.code, outcome.err)
    assert len(lines) == 1, outcome.err
    assert lines[0].startswith("timeline: error: ") and len(lines[0]) <= 300, lines[0]
    assert "Traceback" not in outcome.err
    assert snapshot(folder) == before, "the store changed"
    TALLY.add(entry)


def make_store(folder: Path) -> str:
    """A store with one case and one dated event (CASE:2), closed."""
    store = str(folder / "timeline.db")
    for argv in (["init"], ["case", "open", CASE, "--title", "Twelve workers"],
                 ["append", CASE, "observation", "--date", "2009", "--text", "t",
                  "--source", "Kyodo, 2009-12-23"], ["show"]):  # fmt: skip
        done = invoke([*argv, "--store", store])
        assert done.code == 0, done.err
    import gc
    import sqlite3

    gc.collect()  # the commands' connections closed, then everything moved into the file
    with contextlib.closing(sqlite3.connect(store)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return store


# -- hostile values ------------------------------------------------------------------------

unicode_digits = st.sampled_from(
    ["\u0662\u0660\u0660\u0664", "\uff12\uff10\uff10\uff14", "\u0967\u0969"]
)
huge_ints = st.integers(min_value=2**63, max_value=2**80) | st.integers(max_value=-1)
texts = st.text(max_size=40)
blank = st.sampled_from(["", " ", "\t", "\n", "\u00a0", "  \u3000 "])
junk = st.one_of(
    texts, blank, unicode_digits, st.just("x" * 30_000), st.just("[" * 2000),
    st.sampled_from(["2009-13", "2010-02-29", "0000", "2009/2007", "abc", "-1", "1e3", "NaN"]),
)  # fmt: skip
bad_slugs = st.one_of(blank, unicode_digits, st.sampled_from(["Amur", "a b", "-a", "a-", "a_b", "é"]),
                      texts.filter(lambda t: not t or not t.isascii() or t != t.lower() or " " in t))  # fmt: skip
bad_ids = st.one_of(bad_slugs, st.builds(lambda s, n: f"{s}:{n}", st.sampled_from([CASE]),
                                         st.one_of(unicode_digits, st.sampled_from(["0", "-1", "02", "x", ""]))))  # fmt: skip
bad_ints = st.one_of(st.text(max_size=8).filter(lambda t: not t.strip().lstrip("-").isdigit()),
                     huge_ints.map(str), unicode_digits)  # fmt: skip


def json_values(depth: int = 3) -> st.SearchStrategy[Any]:
    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(texts, inner, max_size=3), max_leaves=8)  # fmt: skip


@st.composite
def hostile_lines(draw: st.DrawFn) -> bytes:
    """A JSONL line that must be refused: a valid fact with one field made wrong, or junk."""
    form = draw(st.sampled_from(["field", "field", "kind", "value", "raw", "deep", "long"]))
    if form == "raw":
        return draw(st.binary(min_size=1, max_size=80)).replace(b"\n", b" ").strip() or b"x"
    if form == "deep":
        return b'{"kind":' + b"[" * draw(st.integers(500, 3000)) + b"1"
    if form == "long":
        return b'{"kind":"case_opened","case":"x","title":"' + b"y" * 1_100_000 + b'"}'
    if form == "value":
        value = draw(json_values())
        if isinstance(value, dict) and isinstance(value.get("kind"), str):
            value["kind"] = "?" + value["kind"]
        return json.dumps(value).encode()
    fields = {"case": CASE, **draw(fact_fields())}
    if form == "kind":
        fields["kind"] = draw(
            json_values().filter(lambda v: v not in _KINDS if isinstance(v, str) else True)
        )
    else:
        name = draw(
            st.sampled_from(["date", "people", "text", "sources", "case", "place", "actors"])
        )
        fields[name] = draw(_BAD_FIELD[name])
    return json.dumps(fields).encode()  # orjson writes no integer beyond 64 bits


_KINDS = {"case_opened", "case_closed", "case_reopened", "correction", "retraction", "fled_to_mission",
          "asylum_requested", "asylum_granted", "agency_contacted", "departed_to_third_country",
          "arrived", "application_pending", "figure_reported", "policy_stated", "observation"}  # fmt: skip
_BAD_FIELD: dict[str, st.SearchStrategy[Any]] = {
    "date": junk.filter(lambda t: not _edtf_ok(t)) | st.integers() | st.none(),
    "people": st.booleans()
    | st.floats()
    | huge_ints
    | st.integers(10**10 + 1, 10**12)
    | texts.map(lambda t: t or "1"),
    "text": blank | st.integers() | st.just("x" * 20_001),
    "sources": st.just([])
    | st.lists(
        st.fixed_dictionaries({"outlet": blank, "published": st.just("2009")}),
        min_size=1,
        max_size=1,
    ),
    "case": bad_slugs,
    "place": blank | st.integers(),
    "actors": st.lists(blank, min_size=1, max_size=2) | texts,
}


_YONHAP = ["--source", "Yonhap, 2010-01-05"]


def _not_a_grade(text: str) -> bool:
    t = text.strip().upper()
    return not (len(t) == 2 and t[0] in "ABCDEF" and t[1] in "123456")


def _edtf_ok(text: str) -> bool:
    from events.edtf import EdtfError, parse_edtf

    try:
        parse_edtf(text)
        return True
    except EdtfError:
        return False


@st.composite
def hostile_commands(draw: st.DrawFn) -> list[str]:
    """A command line with exactly one thing wrong: a bad value, a missing or unknown option."""
    fact = [CASE, "observation", "--date", "2009", "--text", "t", "--source", "Kyodo, 2009-12-23"]
    options: list[tuple[list[str], int, st.SearchStrategy[Any]]] = [
        # (valid command, index of the value made wrong, bad values)
        (["append", *fact], 1, junk.filter(lambda k: k not in _KINDS)),
        (["append", *fact], 3, junk.filter(lambda t: not _edtf_ok(t))),
        (["append", *fact], 5, blank | st.just("x" * 20_001)),
        (["append", *fact], 7, junk.filter(lambda t: "," not in t) | st.builds(lambda b: f"{b}, 2009", blank)),
        (["append", *fact, "--people", "3"], 9, bad_ints),
        (["case", "open", "new-case", "--title", "t"], 2, bad_slugs),
        (["case", "open", "new-case", "--title", "t"], 4, blank),
        (["correct", f"{CASE}:2", "--reason", "r", "--people", "3"], 1, bad_ids),
        (["correct", f"{CASE}:2", "--reason", "r", "--people", "3"], 3, blank),
        (["correct", f"{CASE}:2", "--reason", "r", "--people", "3"], 5, bad_ints),
        (["correct", f"{CASE}:2", "--reason", "r", "--set", "people=3"], 5,
         st.builds(lambda v: f"people={v}", st.sampled_from(['"3"', "3.0", "true", "-1", "1e20", "[]"]))),
        (["retract", f"{CASE}:2", "--reason", "r"], 1, bad_ids),
        (["cite", f"{CASE}:2", *_YONHAP, "--grade", "B2"], 1, bad_ids | st.just(f"{CASE}:99")),
        (["cite", f"{CASE}:2", *_YONHAP, "--grade", "B2"], 5, junk.filter(_not_a_grade)),
        (["dispute", f"{CASE}:2", *_YONHAP, "--set", "people=3"], 5,
         st.builds(lambda f, v: f"{f}={v}", junk.filter(lambda t: "=" not in t and t not in FIELDS),
                   st.sampled_from(["3", "2009"])) | st.builds(lambda v: f"people={v}", bad_ints)),
        (["show", "--until", "3"], 2, bad_ints),
        (["show", "--case", CASE], 2, bad_slugs),
        (["show", "--from", "2009"], 2, junk.filter(lambda t: not _edtf_ok(t))),
        (["show", "--as-of", "2026-01-01"], 2, junk.filter(lambda t: not t.strip()[:1].isdigit())),
        (["replay", "--case", CASE], 2, bad_slugs),
        (["summary", "--by", "year"], 2, junk.filter(lambda t: t not in ("year", "month", "auto"))),
        (["summary", "--format", "text"], 2, junk.filter(lambda t: t not in ("text", "markdown", "json"))),
        (["case", "show", CASE], 2, bad_slugs),
        (["case", "list", "--until", "3"], 3, bad_ints),
        (["projections", "rebuild", "views"], 2, junk.filter(lambda t: t not in ("views", "cases", "timeline"))),
    ]  # fmt: skip
    argv, index, bad = draw(st.sampled_from(options))
    argv = list(argv)
    form = draw(st.sampled_from(["value", "value", "value", "unknown", "missing"]))
    if form == "unknown":
        argv.insert(
            draw(st.integers(1, len(argv))),
            "--" + draw(st.sampled_from(["nope", "peple", "json=1", "x"])),
        )
    elif form == "missing" and argv[0] == "append":
        del argv[6:8]  # --source
    else:
        argv[index] = draw(bad)
    return argv


@st.composite
def foreign_files(draw: st.DrawFn) -> bytes:
    """Bytes that are not a timeline store: junk, an SQLite header over junk, another database."""
    form = draw(st.sampled_from(["junk", "header", "database"]))
    if form == "junk":
        return draw(st.binary(min_size=1, max_size=2000))
    if form == "header":
        return b"SQLite format 3\x00" + draw(st.binary(min_size=0, max_size=4000))
    import sqlite3
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "other.db"
        with contextlib.closing(sqlite3.connect(path)) as db:
            table = draw(
                st.sampled_from(["notes", "stored_events", "timeline_store", "view_cases"])
            )
            db.execute(f"CREATE TABLE {table} (a, b, c, d)")
            db.execute(f"INSERT INTO {table} VALUES (?, ?, ?, ?)",
                       draw(st.lists(st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1), texts),
                               min_size=4, max_size=4)))  # fmt: skip
            db.commit()
        return path.read_bytes()


# -- the properties --------------------------------------------------------------------------


def import_property(store: str, examples: int) -> Any:
    folder = Path(store).parent

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(st.lists(hostile_lines(), min_size=1, max_size=3), st.integers(0, 2))
    def refuses_every_hostile_import(lines: list[bytes], good_first: int) -> None:
        good = [
            b'{"kind":"case_opened","case":"fresh-%d","title":"t"}' % n for n in range(good_first)
        ]
        before = snapshot(folder)
        outcome = invoke(["import", "-", "--store", store], stdin=b"\n".join(good + lines) + b"\n")
        check(outcome, (REFUSED, BAD_INPUT), "import lines", before, folder)

    return refuses_every_hostile_import


def option_property(store: str, examples: int) -> Any:
    folder = Path(store).parent

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(hostile_commands())
    def refuses_every_hostile_option(argv: list[str]) -> None:
        before = snapshot(folder)
        check(invoke([*argv, "--store", store]), (REFUSED, BAD_INPUT), "options", before, folder)

    return refuses_every_hostile_option


def file_property(folder: Path, examples: int) -> Any:
    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(foreign_files(), st.sampled_from([["show"], ["init"], ["case", "list"], ["verify"],
                                             ["import", "-"], ["store", "backup", "copy.db"]]))  # fmt: skip
    def refuses_every_foreign_file(content: bytes, argv: list[str]) -> None:
        path = folder / "other.db"
        path.write_bytes(content)
        before = snapshot(folder)
        outcome = invoke(
            [*argv, "--store", str(path)], stdin=b'{"kind":"case_opened","case":"x","title":"t"}\n'
        )
        check(outcome, (DAMAGED,), "store files", before, folder)
        path.unlink()

    return refuses_every_foreign_file


@contextlib.contextmanager
def stores() -> Iterator[tuple[str, Path]]:
    import tempfile

    with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as two:
        yield make_store(Path(one)), Path(two)


def main(examples: int) -> int:
    each = max(1, examples // 3)
    failures = 0
    with stores() as (store, folder):
        for prop in (import_property(store, each), option_property(store, each),
                     file_property(folder, examples - 2 * each)):  # fmt: skip
            try:
                prop()
            except Exception as error:  # hypothesis reports the minimal failing example
                failures += 1
                print(f"FAILED {prop.__name__}: {error}", file=sys.stderr)
    reached = sum(TALLY.reached.values())
    detail = ", ".join(f"{k}: {v:,}" for k, v in TALLY.reached.items())
    print(f"fuzz: {reached:,} examples reached the assertions ({detail}); {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 300))
