"""`reader serve` for real: the server started on a free loopback port, its page read over HTTP and
the app's first frame over its websocket, then the server stopped; another host only with a
warning."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from reader.serve import is_loopback

from .conftest import ROOT

PATIENCE = 60.0  # seconds: the app process imports Textual and reads a page on a loaded machine


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(ROOT / "seeds" / "001_f01e03b8348a08b7.txt", pages)
    return pages


def start(tmp_path: Path, corpus: Path, *extra: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), READER_AUTHOR="测试编辑")
    return subprocess.Popen(
        [sys.executable, "-m", "reader", "serve", str(corpus), "--port", "0",
         "--db", str(tmp_path / "annotations.json"), "--config", str(tmp_path / "config.toml"),
         "--cache-dir", str(tmp_path / "cache"), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


@pytest.fixture
def server(tmp_path: Path, corpus: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    proc = start(tmp_path, corpus)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        found = re.search(r"serving the app on (http://127\.0\.0\.1:\d+)", line)
        assert found, line
        yield proc, found.group(1)
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def get(url: str) -> str:
    deadline = time.monotonic() + PATIENCE
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                assert response.status == 200
                return str(response.read().decode("utf-8"))
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


async def first_frame(url: str) -> str:
    """What the app sends over the websocket until its status line has been drawn."""
    seen = ""
    where = url.replace("http", "ws") + "/ws?width=100&height=30"
    async with aiohttp.ClientSession() as session, session.ws_connect(where) as ws:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + PATIENCE
        while "已判定" not in seen:
            message = await ws.receive(timeout=max(0.1, deadline - loop.time()))
            assert message.type in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY), message
            data = message.data
            seen += data if isinstance(data, str) else data.decode("utf-8", "replace")
    return seen


def test_serve_gives_the_page_and_the_apps_first_frame(server: tuple[subprocess.Popen[str], str]) -> None:
    proc, url = server
    page = get(url + "/")
    assert "textual.js" in page and "报读" in page and "/ws" in page
    frame = asyncio.run(first_frame(url))
    assert "已判定" in frame and "\x1b[" in frame  # the app's own screen, drawn as a terminal would
    assert proc.poll() is None
    stop(proc)
    assert proc.returncode is not None


def test_another_host_only_with_a_warning(tmp_path: Path, corpus: Path) -> None:
    proc = start(tmp_path, corpus, "--host", "0.0.0.0")
    try:
        assert proc.stderr is not None and proc.stdout is not None
        warning = proc.stderr.readline()
        assert "warning" in warning and "no login" in warning and "ssh -L" in warning
        assert "http://0.0.0.0:" in proc.stdout.readline()
    finally:
        stop(proc)


def test_a_bad_port_is_one_line(tmp_path: Path, corpus: Path) -> None:
    proc = start(tmp_path, corpus, "--port", "70000")
    _, err = proc.communicate(timeout=PATIENCE)
    assert proc.returncode == 2 and err.count("\n") == 1 and "not a port" in err


def test_loopback_addresses() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.1.2.3", "::1", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.5", "newsroom.example"))
