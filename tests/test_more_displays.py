"""The registry, the listeners and a diff show themselves in a notebook and in IPython."""

from __future__ import annotations

import pickle
import socket
import xml.etree.ElementTree as ET

import pytest

from portreg import (
    AddressFamily,
    Listener,
    Listeners,
    Protocol,
    Registry,
    RegistryDiff,
    SocketState,
    diff,
    listeners,
    options,
    registry,
)


class _Printer:
    def __init__(self) -> None:
        self.printed: list[str] = []

    def text(self, obj: str) -> None:
        self.printed.append(obj)


def _text_of(markup: str) -> str:
    return "".join(ET.fromstring(markup).itertext())


def test_the_registry_shows_where_it_came_from_and_its_rows() -> None:
    current = registry()
    text = _text_of(current._repr_html_())
    assert str(current.provenance.registry_updated) in text
    assert current.provenance.sha256 in text
    assert f"{len(current):,}" in text
    printer = _Printer()
    current._repr_pretty_(printer, False)
    assert printer.printed[0].startswith(repr(current))
    assert "service names" in printer.printed[0]


def _ssh() -> Listener:
    return Listener(22, Protocol.TCP, AddressFamily.IPV4, "0.0.0.0", SocketState.LISTEN)


def test_listeners_is_a_tuple_that_shows_the_services_of_its_ports() -> None:
    found = Listeners([_ssh()])
    root = ET.fromstring(found._repr_html_())
    assert "ssh" in "".join(root.itertext())
    assert found.as_text().splitlines()[0] == "1 socket"
    frame = found.to_pandas()
    assert frame["services"].tolist() == ["ssh"]
    assert frame["port"].tolist() == [22]
    assert type(found[:1]) is tuple
    assert pickle.loads(pickle.dumps(found)) == found
    assert found == (_ssh(),)  # a tuple still


def test_listeners_returns_one() -> None:
    server = socket.create_server(("127.0.0.1", 0))
    try:
        port = server.getsockname()[1]
        found = listeners(port, "tcp")
    finally:
        server.close()
    assert isinstance(found, Listeners)
    assert [item.port for item in found] == [port]


def test_a_diff_shows_its_counts_and_changes() -> None:
    rows, provenance = tuple(registry())[:200], registry().provenance
    changes = diff(Registry(rows, provenance), Registry(rows[5:], provenance))
    assert len(changes) == 5
    markup = changes._repr_html_()
    root = ET.fromstring(markup)
    assert "Registry changes: 5 removed" in "".join(root.itertext())
    body = root.find("tbody")
    assert body is not None
    assert len(body.findall("tr")) == 5
    printer = _Printer()
    changes._repr_pretty_(printer, False)
    assert printer.printed == [str(changes)]
    frame = changes.to_pandas()
    assert frame["kind"].tolist() == ["removed"] * 5
    assert frame["where"].tolist() == [change.where for change in changes.changes]


def test_a_long_diff_is_shortened() -> None:
    rows, provenance = tuple(registry())[:300], registry().provenance
    changes = diff(Registry(rows, provenance), Registry((), provenance))
    assert len(changes) == 300
    body = ET.fromstring(changes._repr_html_()).find("tbody")
    assert body is not None
    assert len(body.findall("tr")) == (options.max_rows or 0) + 1


@pytest.mark.parametrize("thing", ["registry", "listeners", "diff"])
def test_nothing_is_shown_as_a_bare_repr(thing: str) -> None:
    # Each of them has the notebook's hook, IPython's, and a DataFrame where it fits.
    owner = {"registry": Registry, "listeners": Listeners, "diff": RegistryDiff}[thing]
    assert hasattr(owner, "_repr_html_")
    assert hasattr(owner, "_repr_pretty_")
    assert hasattr(owner, "to_pandas")  # the registry's: every row
