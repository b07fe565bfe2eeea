"""Service names: ServiceInfo, canonical names and aliases, unknown names."""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import portreg
from portreg import (
    InputTypeError,
    InvalidServiceNameError,
    Protocol,
    Registry,
    ServiceInfo,
    Status,
    UnknownServiceError,
    lookup,
    registry,
    service,
)

NAMES = sorted({a.service for a in registry() if a.service})


def _places(name: str) -> set[tuple[str, str]]:
    return {
        (a.port_text, a.protocol.value if a.protocol else "")
        for a in service(name).assignments
        if a.first is not None
    }


# -- the examples ---------------------------------------------------------------


def test_http_in_any_case_is_on_80_tcp_udp_sctp() -> None:
    assert {("80", "tcp"), ("80", "udp"), ("80", "sctp")} <= _places("HTTP")
    assert service("HTTP") is service("http")
    assert service(" Http ").name == "http"


def test_novastorbakcup_is_308_tcp_and_udp() -> None:
    assert _places("novastorbakcup") == {("308", "tcp"), ("308", "udp")}
    assert service("novastorbakcup").ports == (308,)


def test_x11_is_6000_to_6063_on_tcp_and_udp() -> None:
    x11 = service("x11")
    assert {(a.first, a.last) for a in x11.assignments} == {(6000, 6063)}
    assert {a.protocol for a in x11.assignments} == {Protocol.TCP, Protocol.UDP}
    assert x11.ports == tuple(range(6000, 6064))


def test_www_points_to_http_and_http_lists_its_aliases() -> None:
    assert service("www").canonical == "http"
    assert service("www-http").canonical == "http"
    assert service("www").is_alias
    assert {"www", "www-http"} <= set(service("http").aliases)
    assert service("http").canonical == "http"
    assert not service("http").is_alias


@pytest.mark.parametrize(
    ("name", "registered", "canonical"),
    [
        ("WHOIS++", "whois++", "whoispp"),
        ("Z39.50", "z39.50", "z39-50"),
        ("sql*net", "sql*net", "sql-net"),
        ("ACMAINT_DBD", "acmaint_dbd", "acmaint-dbd"),
        ("acmaint-dbd", "acmaint-dbd", "acmaint-dbd"),
        ("ethernet/ip-1", "EtherNet/IP-1", "EtherNet-IP-1"),
    ],
)
def test_punctuated_names_are_their_own_names(name: str, registered: str, canonical: str) -> None:
    info = service(name)
    assert info.name == registered
    assert info.canonical == canonical
    assert all(a.service == registered for a in info.assignments)


def test_underscore_and_hyphen_spellings_stay_distinct() -> None:
    # The registry lists both; the underscore one is the historic alias.
    underscore, hyphen = service("acmaint_dbd"), service("acmaint-dbd")
    assert underscore != hyphen
    assert not set(underscore.assignments) & set(hyphen.assignments)
    assert "acmaint_dbd" in hyphen.aliases


def test_compressnet_held_2_and_3_until_2025_02_13() -> None:
    info = service("compressnet")
    assert not info.has_port
    assert info.assignments
    assert all(a.first is None for a in info.assignments)
    assert info.former_ports == (2, 3)
    assert {str(e.date) for e in info.history} == {"2025-02-13"}
    assert "formerly 2, 3 until 2025-02-13" in info.summary
    assert lookup(2, "tcp").status() is Status.RESERVED


def test_a_name_in_dns_sd_form_is_found() -> None:
    assert service("_http._tcp") is service("http")
    assert service("_ipp._tcp").name == "ipp"


# -- unknown and bad names ---------------------------------------------------------------


def test_unknown_name_suggests_the_closest() -> None:
    with pytest.raises(UnknownServiceError) as caught:
        service("postgres")
    assert caught.value.suggestions[0] == "postgresql"
    assert "'postgres'" in str(caught.value)
    assert "postgresql" in str(caught.value)
    assert caught.value.name == "postgres"
    assert isinstance(caught.value, LookupError)
    assert isinstance(caught.value, portreg.PortregError)


@pytest.mark.parametrize(
    ("name", "first_suggestion"),
    [("kca_service", "kca-service"), ("snntp", "nntps"), ("ACMAINT-DBD_", "acmaint-dbd")],
)
def test_spelling_variants_and_former_names_lead_the_suggestions(
    name: str, first_suggestion: str
) -> None:
    with pytest.raises(UnknownServiceError) as caught:
        service(name)
    assert caught.value.suggestions
    assert caught.value.suggestions[0] == first_suggestion


def test_a_name_known_only_from_history_says_so() -> None:
    with pytest.raises(UnknownServiceError, match=r"history mentions it: .*2022-01-10"):
        service("surfpass")


@pytest.mark.parametrize("bad", [None, 80, b"http", ("http",)])
def test_a_name_must_be_a_string(bad: object) -> None:
    with pytest.raises(InputTypeError, match="service name must be a string"):
        service(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_a_blank_name_is_refused(blank: str) -> None:
    with pytest.raises(InvalidServiceNameError, match="non-empty"):
        service(blank)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=30).filter(lambda s: s.strip()))
def test_any_text_is_a_service_or_an_unknown_name(text: str) -> None:
    key = text.strip().lower()
    dns_sd = re.fullmatch(r"_([^.]+)\._(?:tcp|udp)\.?", key)
    known = {n.lower() for n in NAMES}
    if key in known or (dns_sd is not None and dns_sd[1] in known):
        assert service(text).name.lower() in (key, dns_sd[1] if dns_sd else key)
        return
    with pytest.raises(UnknownServiceError) as caught:
        service(text)
    suggestions = caught.value.suggestions
    assert len(suggestions) <= 5
    assert all(service(s).name == s for s in suggestions)


# -- over the whole registry -------------------------------------------------------------


def test_every_named_port_row_is_in_its_service_and_in_its_lookup() -> None:
    for row in registry():
        if not row.service or row.first is None or row.last is None:
            continue
        assert row in service(row.service).assignments, row
        if row.status is Status.ASSIGNED:
            for port in {row.first, row.last}:
                assert row.service in lookup(port, row.protocol).services, row


def test_every_name_in_any_case_gives_all_of_its_rows_in_order() -> None:
    rows = list(registry())
    by_name: dict[str, list[portreg.Assignment]] = {}
    for row in rows:
        if row.service:
            by_name.setdefault(row.service.lower(), []).append(row)
    total = 0
    for name in NAMES:
        info = service(name.upper())
        assert info is service(name)
        assert info.name == name
        assert info.assignments == tuple(by_name[name.lower()])
        total += len(info.assignments)
    assert total == sum(1 for r in rows if r.service)
    assert len(registry().service_names()) == len(NAMES)


def test_canonical_names_are_fixed_points_and_list_their_aliases() -> None:
    for name in NAMES:
        info = service(name)
        canonical = service(info.canonical)
        assert canonical.canonical == canonical.name
        if info.is_alias:
            assert info.name in canonical.aliases
            assert not info.aliases
        for alias in info.aliases:
            assert service(alias).canonical == info.name


def test_every_alias_note_in_the_xml_gives_the_canonical_name(shared_xml: Path) -> None:
    ns = "{http://www.iana.org/assignments}"
    found = 0
    for record in ET.parse(shared_xml).getroot().iter(f"{ns}record"):
        note_element = record.find(f"{ns}note")
        note = "".join(note_element.itertext()) if note_element is not None else ""
        target = re.search(r'alias to "([^"]+)"|duplicate of the "([^"]+)"', note)
        name = (record.findtext(f"{ns}name") or "").strip()
        if target and name:
            found += 1
            assert service(name).canonical.lower() == (target[1] or target[2]).lower(), name
    assert found > 150  # the registry has ~190 such notes: the test must have run


def test_service_info_is_a_frozen_hashable_record() -> None:
    info = service("http")
    assert hash(info) == hash(service("HTTP"))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        info.name = "www"  # type: ignore[misc]
    assert "80/tcp+udp+sctp" in info.summary
    assert str(info).startswith("http: ")
    assert info.on("sctp")[0].description == "HTTP"


# -- the indexes are built lazily, once, thread-safely ------------------------------------


def _fresh_registry() -> Registry:
    return Registry(list(registry()), registry().provenance)


def test_lookup_builds_no_name_index() -> None:
    fresh = _fresh_registry()
    fresh.lookup(80)
    fresh.lookup(305, "tcp")
    assert fresh._derived_indexes is None


def test_concurrent_first_questions_share_one_index() -> None:
    fresh = _fresh_registry()
    barrier = threading.Barrier(8)
    results: list[ServiceInfo] = []

    def ask() -> None:
        barrier.wait()
        results.append(fresh.service("http"))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert all(r is results[0] for r in results)
    assert results[0] == service("http")


def test_service_records_pickle() -> None:
    import pickle

    for name in ("http", "compressnet", "whois++"):
        info = service(name)
        assert pickle.loads(pickle.dumps(info)) == info
