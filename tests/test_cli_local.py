"""``portreg PORT --local`` and ``portreg listeners``: sockets this test opens, seen from a
separate ``portreg`` process."""

from __future__ import annotations

import json
import os
import socket
import sys

import pytest

from tests.cli_helpers import run_portreg

pytestmark = pytest.mark.skipif(
    not (sys.platform.startswith("linux") and os.path.exists("/proc/net/tcp")),
    reason="reads this machine's sockets from /proc/net",
)


def _free_port_closed() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_local_finds_a_listening_socket_with_this_process() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        result = run_portreg(str(port), "--local", "--radius", "0", "--json")
        text = run_portreg(str(port), "--local", "--radius", "0")
    assert result.returncode == 0, result.stderr
    local = json.loads(result.stdout)["local"]
    assert local["available"] is True
    (found,) = local["listeners"]
    assert (found["address"], found["port"], found["protocol"], found["state"]) == (
        "127.0.0.1",
        port,
        "tcp",
        "listen",
    )
    assert found["pid"] == os.getpid()
    assert f"127.0.0.1:{port}" in text.stdout
    assert str(os.getpid()) in text.stdout


def test_local_says_when_nothing_listens() -> None:
    port = _free_port_closed()
    result = run_portreg(str(port), "--local", "--radius", "0", check_stderr_empty=True)
    assert result.returncode == 0
    assert f"nothing is listening on {port}" in result.stdout
    document = json.loads(run_portreg(str(port), "--local", "--json").stdout)
    assert document["local"]["listeners"] == []


def test_without_local_nothing_is_read() -> None:
    document = json.loads(run_portreg("305", "--json").stdout)
    assert document["local"] is None


def test_listeners_command_lists_ports_with_their_registry_names() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        result = run_portreg("listeners", f"{port}/udp", "--json", check_stderr_empty=True)
        everything = run_portreg("listeners", check_stderr_empty=True)
    assert result.returncode == 0
    (found,) = json.loads(result.stdout)["listeners"]
    assert (found["port"], found["protocol"], found["pid"]) == (port, "udp", os.getpid())
    assert found["state"] == "unconnected"
    assert f"127.0.0.1:{port}" in everything.stdout


def test_listeners_command_exits_1_when_nothing_listens() -> None:
    port = _free_port_closed()
    result = run_portreg("listeners", str(port), "--protocol", "tcp")
    assert (result.returncode, result.stderr) == (1, "")
    assert "nothing is listening" in result.stdout
