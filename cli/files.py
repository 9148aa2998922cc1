"""A file the command line writes whole or not at all (`export -o`): written to a temporary
`.part` beside it that replaces it once complete, private when it holds an encrypted
store's record.

A `.part` is held locked (`flock`) by the process writing it for as long as it exists
under that name. One that no process holds was left by a writer killed outright (SIGKILL,
a power cut): the next write to the same file removes it. The standard library makes the
temporary file (`tempfile.mkstemp`: a new name, mode 0600) but neither marks it as in use
nor recognises one left behind, hence the lock and the sweep here.
"""

from __future__ import annotations

import fcntl
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from cli.errors import InputError, one_line
from cli.interrupts import interruptible
from domain.keys import PRIVATE_MODE

PART = ".part"


@contextmanager
def replaced(output: Path, *, private: bool) -> Iterator[TextIO]:
    """A text file that replaces `output` once the block ends without an error: until then
    `output`, if it exists, is as it was. An error, SIGTERM, SIGHUP or Ctrl-C leaves no
    file behind (the signals end the command with `cli.interrupts.Interrupted`).

    `private`: the file is `PRIVATE_MODE` from its creation to its final name, whatever
    the umask or the mode of the file it replaces. Otherwise it takes the mode of the file
    it replaces, or of a new file under the umask."""
    if output.is_dir():
        raise InputError(f"{output}: is a directory")
    with interruptible(f"nothing was written to {output}") as signals:
        removed = _remove_stale(output)
        name: str | None = None
        try:
            with signals.deferred():  # a signal cannot leave the new `.part` unknown here
                fd, name = _new_part(output)
            if removed:
                _say_removed(removed, output)
            with open(fd, "w", encoding="utf-8", newline="") as file:
                yield file
                file.flush()
                os.fchmod(fd, PRIVATE_MODE if private else _mode(output))
                signals.settle()
                os.replace(name, output)  # still locked: never taken for one left behind
        except BaseException:
            if name is not None:
                Path(name).unlink(missing_ok=True)
            raise


def _new_part(output: Path) -> tuple[int, str]:
    """A new `.part` beside `output`, mode 0600 whatever the umask, locked by this process."""
    while True:
        try:
            fd, name = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=PART)
        except OSError as error:
            raise InputError(f"{output}: cannot write there: {error.strerror}") from None
        try:
            os.fchmod(fd, PRIVATE_MODE)  # the umask may have taken the owner's bits too
            fcntl.flock(fd, fcntl.LOCK_EX)
            if os.fstat(fd).st_nlink:  # not removed as left behind before it was locked
                return fd, name
        except BaseException:
            Path(name).unlink(missing_ok=True)
            os.close(fd)
            raise
        os.close(fd)


def _remove_stale(output: Path) -> list[str]:
    """Remove the `.part` files of `output` that no process holds; their names."""
    try:
        names = [p.name for p in output.parent.iterdir() if _is_part_of(p.name, output.name)]
    except OSError:
        return []
    return [name for name in names if _remove_if_unheld(output.parent / name)]


def _is_part_of(name: str, target: str) -> bool:
    """Whether `name` is a `.part` of `target`: `.TARGET.RANDOM.part`, no dot in RANDOM
    (so never one of `TARGET.x`, whose parts start alike)."""
    prefix = f".{target}."
    middle = name[len(prefix) : -len(PART)]
    return name.startswith(prefix) and name.endswith(PART) and bool(middle) and "." not in middle


def _remove_if_unheld(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDWR | os.O_NOFOLLOW)
    except OSError:  # gone already, a link, or not this user's to open
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if not os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False)):
            return False
        path.unlink()
        return True
    except OSError:  # held by a running writer, or gone meanwhile
        return False
    finally:
        os.close(fd)


def _say_removed(names: list[str], output: Path) -> None:
    print(
        one_line(
            f"timeline: note: removed {', '.join(names)}: left beside {output} by an "
            "earlier export that was killed"
        ),
        file=sys.stderr,
    )


def _mode(output: Path) -> int:
    """The mode of a file replacing `output`: the old file's if there was one, else as the
    umask allows."""
    if output.exists():
        return stat.S_IMODE(output.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
