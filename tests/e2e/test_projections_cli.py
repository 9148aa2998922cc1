"""Operating the persisted views from the command line, and reading the record as known earlier."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from tests.e2e.conftest import SOURCE, TIMELINE, Cli

IN_PROCESS = True


def test_status_reports_position_last_and_lag(amur: Cli) -> None:
    amur.ok("show")
    amur.ok("append", "amur-2009-group", "arrived", "--date", "2009-09",
            "--destination", "South Korea", *SOURCE, "--text", "Reached Seoul")  # fmt: skip
    (view,) = amur.ok("projections", "status", "--json").json()
    assert (view["name"], view["position"], view["last"], view["lag"]) == ("views", 2, 3, 1)


def test_a_read_catches_the_views_up(amur: Cli) -> None:
    amur.ok("show")
    (view,) = amur.ok("projections", "status", "--json").json()
    assert view["lag"] == 0 and view["entries"] == 1


def test_rebuild_replays_every_event_and_gives_the_same_views(amur: Cli) -> None:
    before = amur.ok("show", "--json").json()
    rebuilt = amur.ok("projections", "rebuild", "--json").json()
    assert rebuilt["events"] == 2 and amur.ok("show", "--json").json() == before


def test_rebuild_shows_a_progress_bar(amur: Cli) -> None:
    assert "Rebuilding" in amur.ok("projections", "rebuild").err


def test_an_unknown_view_is_refused(amur: Cli) -> None:
    result = amur("projections", "rebuild", "nope")
    assert result.code == 2 and "no view 'nope'" in result.err


def test_until_a_position_ignores_corrections_recorded_after_it(amur: Cli) -> None:
    amur.ok("correct", "amur-2009-group:2", "--date", "2008/2009", "--reason", "second source")
    (then,) = amur.ok("show", "--until", "2", "--json").json()
    (now,) = amur.ok("show", "--json").json()
    assert (then["date"], now["date"]) == ("2007/2009", "2008/2009")


def test_as_of_a_moment_shows_a_later_retracted_event(amur: Cli) -> None:
    (replayed_event,) = amur.ok("replay", "--json").json()[1:]
    time.sleep(0.01)
    amur.ok("retract", "amur-2009-group:2", "--reason", "duplicate")
    assert amur.ok("show", "--json").json() == []
    (entry,) = amur.ok("show", "--as-of", replayed_event["recorded"], "--json").json()
    assert entry["id"] == "amur-2009-group:2" and not entry["retracted"]


@pytest.mark.parametrize(
    "read",
    [["case", "show", "amur-2009-group"], ["show", "--case", "amur-2009-group"],
     ["summary", "--case", "amur-2009-group"]],
)  # fmt: skip
def test_a_read_as_of_before_the_case_was_opened_says_it_was_opened_later(
    amur: Cli, read: list[str]
) -> None:
    result = amur(*read, "--until", "0")
    assert result.code == 1
    assert "case 'amur-2009-group' was not yet opened up to position 0" in result.err
    assert "open it first" not in result.err


def test_a_read_as_of_a_moment_of_a_case_never_opened_says_to_open_it(amur: Cli) -> None:
    result = amur("case", "show", "nope", "--until", "1")
    assert result.code == 1 and "no case 'nope': open it first" in result.err


def test_replay_until_stops_at_that_position(amur: Cli) -> None:
    assert [e["position"] for e in amur.ok("replay", "--until", "1", "--json").json()] == [1]


@pytest.mark.parametrize(
    "read", [["show"], ["show", "--json"], ["summary"], ["export", "-f", "csv"]]
)
def test_a_period_that_ends_before_it_starts_is_refused(amur: Cli, read: list[str]) -> None:
    result = amur(*read, "--from", "2010", "--to", "2004")
    assert (result.code, result.out) == (2, "")
    assert "from 2010 is after to 2004" in result.err


def test_an_invalid_as_of_is_refused(amur: Cli) -> None:
    result = amur("show", "--as-of", "yesterday")
    assert result.code == 2 and "ISO 8601" in result.err


def following(env: dict[str, str]) -> subprocess.Popen[str]:
    """`timeline projections follow` started, once it says it is following."""
    follower = subprocess.Popen(
        [TIMELINE, "projections", "follow", "--interval", "0.1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    assert follower.stdout is not None
    assert "Following" in follower.stdout.readline()
    return follower


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_follow_keeps_the_views_current_and_stops_cleanly(amur: Cli, stop: signal.Signals) -> None:
    follower = following({**os.environ, "TIMELINE_STORE": amur.store})
    try:
        assert follower.stdout is not None
        amur.ok("append", "amur-2009-group", "arrived", "--date", "2009-09",
                "--destination", "South Korea", *SOURCE, "--text", "Reached Seoul")  # fmt: skip
        assert follower.stdout.readline().strip() == "+1 events: at 3 of 3, lag 0"
        (view,) = amur.ok("projections", "status", "--json").json()
        assert view["lag"] == 0
    finally:
        follower.send_signal(stop)
        out, _ = follower.communicate(timeout=20)
    assert follower.returncode == 0 and "Stopped at position 3" in out


def test_follow_keeps_an_encrypted_store_s_views_current_and_sealed(cli: Cli) -> None:
    cli.ok("key", "new", "team.key")
    env = {
        **os.environ,
        "TIMELINE_STORE": cli.store,
        "TIMELINE_KEY_FILE": str(cli.cwd / "team.key"),
    }
    keyed = ["--key-file", str(cli.cwd / "team.key")]
    cli.ok("init", *keyed)
    cli.ok("case", "open", "amur-2009-group", "--title", "Twelve workers", *keyed)
    cli.ok("show", *keyed)  # the views catch up to position 1
    follower = following(env)
    try:
        assert follower.stdout is not None
        cli.ok("append", "amur-2009-group", "arrived", "--date", "2009-09", "--destination",
               "South Korea", *SOURCE, "--text", "Reached Seoul by Quixbel", *keyed)  # fmt: skip
        assert follower.stdout.readline().strip() == "+1 events: at 2 of 2, lag 0"
    finally:
        follower.send_signal(signal.SIGINT)
        _, err = follower.communicate(timeout=20)
    assert follower.returncode == 0, err
    assert [e["text"] for e in cli.ok("show", "--json", *keyed).json()] == [
        "Reached Seoul by Quixbel"
    ]
    assert not any("Quixbel" in row for row in cli.dump())


def test_readers_catching_up_at_once_agree_and_apply_every_event_once(cli: Cli) -> None:
    from bench.generate import write

    cli.ok("init")
    cli.ok("import", str(write(3000, cli.cwd / "events.jsonl")))
    env = {**os.environ, "TIMELINE_STORE": cli.store}
    readers = [
        subprocess.Popen(
            [TIMELINE, "show", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
        for _ in range(3)
    ]
    outputs = [reader.communicate(timeout=120) for reader in readers]
    assert [reader.returncode for reader in readers] == [0, 0, 0], [err for _, err in outputs]
    assert outputs[0][0] == outputs[1][0] == outputs[2][0]
    (view,) = cli.ok("projections", "status", "--json").json()
    assert view["lag"] == 0 and view["entries"] == len(
        cli.ok("show", "--include-retracted", "--json").json()
    )


def test_a_read_while_another_holds_the_postgresql_views_past_the_lock_timeout_reads_them_as_they_stand(
    postgres_cli: Cli,
) -> None:
    """As on SQLite: a rebuild or a long catch-up elsewhere does not hold a reader up."""
    from projections.layout import VIEW_NAME
    from tests.conftest import postgres_lock_held
    from tests.e2e.conftest import amur_case

    cli = amur_case(postgres_cli)
    cli.ok("show")  # the views are current
    with postgres_lock_held(cli.store, VIEW_NAME):
        cli.ok("append", "amur-2009-group", "observation", "--date", "2009", *SOURCE,
               "--text", "Recorded while the views were held")  # fmt: skip
        read = cli("show", "--json")
    assert read.code == 0, read.err
    assert "another process is writing the store" in read.err
    assert "Recorded while the views were held" not in read.out
    assert "Recorded while the views were held" in cli.ok("show").out


HELD = "Recorded while the audit was behind"


def test_an_audit_while_another_holds_the_sqlite_writer_shows_it_as_it_stands(
    sqlite_cli: Cli,
) -> None:
    """A long import elsewhere holds the writer: the audit waits within the lock timeout,
    then shows what it has and says how far behind it is, as the views' reads do."""
    import sqlite3

    from tests.e2e.conftest import amur_case

    cli = amur_case(sqlite_cli)
    assert len(cli.ok("audit", "--json").json()) == 2  # caught up to position 2
    cli.ok("append", "amur-2009-group", "observation", "--date", "2009", *SOURCE,
           "--text", HELD)  # fmt: skip
    with sqlite3.connect(cli.store, isolation_level=None) as other:
        other.execute("BEGIN IMMEDIATE")
        read = cli("audit", "--json")
        other.execute("ROLLBACK")
    assert read.code == 0, read.err
    assert "another process is writing the store" in read.err
    assert "showing the audit as of position 2, 1 events behind the store" in read.err
    assert [row["position"] for row in read.json()] == [1, 2]
    assert [row["position"] for row in cli.ok("audit", "--json").json()] == [1, 2, 3]


def test_an_audit_while_another_holds_the_postgresql_audit_shows_it_as_it_stands(
    postgres_cli: Cli,
) -> None:
    from tests.conftest import postgres_lock_held
    from tests.e2e.conftest import amur_case

    cli = amur_case(postgres_cli)
    assert len(cli.ok("audit", "--json").json()) == 2
    with postgres_lock_held(cli.store, "audit"):
        cli.ok("append", "amur-2009-group", "observation", "--date", "2009", *SOURCE,
               "--text", HELD)  # fmt: skip
        read = cli("audit", "--json")
    assert read.code == 0, read.err
    assert "another process is adding to the audit" in read.err
    assert [row["position"] for row in read.json()] == [1, 2]
    assert [row["position"] for row in cli.ok("audit", "--json").json()] == [1, 2, 3]
