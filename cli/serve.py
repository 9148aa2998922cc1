"""`timeline serve`: the HTTP API and the browsable timeline, for a team."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.errors import InputError
from cli.options import KeyFile, Store, WholeNumber


def serve(
    host: Annotated[str, typer.Option("--host", help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int,
        typer.Option(
            "--port", help="The port to listen on.", click_type=WholeNumber(min=0, max=65535)
        ),
    ] = 8080,
    allow_remote: Annotated[
        bool,
        typer.Option(
            "--allow-remote",
            help="Listen on an address other machines can reach (plain HTTP: put it behind "
            "a TLS-terminating proxy).",
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            help="Serve from this many processes (a PostgreSQL store only: an SQLite store "
            "is served by one process).",
            click_type=WholeNumber(min=1),
        ),
    ] = 1,
    store: Store = "timeline.db",
    key_file: KeyFile = None,
) -> None:
    """Serve the record over HTTP: a JSON API with bearer tokens (`timeline user add`).

    It speaks plain HTTP and listens on 127.0.0.1 only, unless --allow-remote. To serve
    a team, keep it on 127.0.0.1 and put a TLS-terminating reverse proxy in front
    (nginx, Caddy: `reverse_proxy 127.0.0.1:8080`), so tokens never cross a network
    in clear.
    """
    import os

    import uvicorn

    from cli.options import KEY_VARIABLE
    from cli.store import StoreSpec, open_store
    from service.app import STORE_THREADS, STORE_VARIABLE, create_app
    from storage.opening import backend_at

    check_can_listen(host, port)
    if not allow_remote and not is_loopback(host):
        raise InputError(
            f"--host {host} is reachable from other machines: serve on 127.0.0.1 behind a "
            "TLS-terminating proxy, or give --allow-remote"
        )
    if workers > 1 and not backend_at(store).shared:
        raise InputError(
            f"--workers {workers}: an SQLite store is served by one process; serve a "
            "PostgreSQL store (postgresql://...) from several"
        )
    # a store that cannot be opened fails here, in one line
    timeline = open_store(StoreSpec(store, key_file), threads=STORE_THREADS)
    if workers == 1:
        uvicorn.run(create_app(timeline), host=host, port=port, log_level="info")
        return
    timeline.close()
    os.environ[STORE_VARIABLE] = store
    if key_file is not None:
        os.environ[KEY_VARIABLE] = key_file  # each worker opens the store with it
    uvicorn.run(
        "service.app:served_from_environment", factory=True, workers=workers,
        host=host, port=port, log_level="info",
    )  # fmt: skip


def check_can_listen(host: str, port: int) -> None:
    """Refuse, in one line, an address this machine cannot listen on: a name that does
    not resolve, an address not its own, a port another program holds. uvicorn would
    log a traceback or its own lines and exit 3, which here means a damaged store."""
    import errno
    import socket

    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError):
        raise InputError(f"--host {host}: no such address (the name does not resolve)") from None
    family, kind, protocol, _, address = found[0]
    with socket.socket(family, kind, protocol) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as error:
            held = error.errno == errno.EADDRINUSE
            raise InputError(
                f"cannot listen on {host}:{port}: {error.strerror or error}"
                + (": another program holds it; choose a port with --port" if held else "")
            ) from None


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine alone: every address it resolves to is loopback."""
    import ipaddress
    import socket

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        return False
    return all(ipaddress.ip_address(str(address[4][0])).is_loopback for address in found)
