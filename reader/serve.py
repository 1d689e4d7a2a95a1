"""`reader serve`: the same app in a web browser, through textual-serve.

Each browser tab that opens the page starts its own `reader app` process, which talks to the page
over a websocket. The server has no login of its own, so it listens on 127.0.0.1 unless asked
for another address, and then says so: the way to reach it from elsewhere is SSH port
forwarding (`ssh -L 8000:127.0.0.1:8000 host`), which brings the login with it.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import socket
import sys

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and `localhost`: addresses other machines cannot reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each browser tab: this Python's `reader app`
    with the same paths, config, annotations, index and archive."""
    parts = [sys.executable, "-m", "reader", "app", *args.paths]
    for option, value in (("--config", args.config), ("--db", args.db), ("--cache-dir", args.cache_dir)):
        if value:
            parts += [option, value]
    if getattr(args, "archive", None) is not None:  # '' too: the local pages, whatever the config says
        parts += ["--archive", args.archive]
    return shlex.join(parts)


def free_port(host: str) -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def serve(args: argparse.Namespace) -> int:
    """Run the web server until Ctrl+C; one line on stderr and status 1 if it cannot start."""
    from reader.text import clean_inline

    host: str = args.host
    if not 0 <= args.port <= 65535:
        print(f"reader: --port {args.port} is not a port (0-65535; 0 picks a free one)", file=sys.stderr)
        return 2
    try:
        port = args.port or free_port(host)
    except OSError as error:
        print(f"reader: cannot listen on {clean_inline(host)}: {error.strerror or error}", file=sys.stderr)
        return 1
    if not is_loopback(host):
        print(
            f"reader: warning: listening on {clean_inline(host)}, so other machines can reach the app; "
            "it has no login of its own — anyone who can reach the port can read and annotate. "
            f"Prefer the default and SSH port forwarding: ssh -L {port}:127.0.0.1:{port} THIS-HOST",
            file=sys.stderr,
        )
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}"
    print(f"reader: serving the app on {url} (Ctrl+C stops)", flush=True)
    from textual_serve.server import Server

    server = Server(app_command(args), host=host, port=port, title="报读", public_url=url)
    try:
        server.serve()
    except OSError as error:
        print(f"reader: cannot listen on {url}: {error.strerror or error}", file=sys.stderr)
        return 1
    return 0


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`reader serve [PATH…] [--host H] [--port P]` and the app's own options."""
    parser = sub.add_parser("serve", help="open the reader in a web browser (textual-serve)")
    parser.add_argument("paths", nargs="*", help="page files or folders, as for the app")
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}; another one is reachable by other "
        "machines and has no login: prefer SSH port forwarding)",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 picks a free one)"
    )
    parser.add_argument("--config", metavar="FILE", help="config file for the app")
    parser.add_argument("--db", metavar="PATH|URL", help="annotations file or postgresql:// URL")
    parser.add_argument("--cache-dir", metavar="DIR", help="index folder")
    parser.add_argument(
        "--archive", metavar="URL", help="the shared archive's postgresql:// URL, for the app"
    )
