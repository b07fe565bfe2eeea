"""The command line, driven through its real entry point (``python -m portreg``).

Expected facts come from the registry itself: /work/shared/iana/README.md lists the
rows around port 305 (tacacss 300/tcp, Reserved 300/udp, Unassigned 301-307 on every
transport, then novastorbakcup, entrusttime and bhmds), and RFC 6335 gives the ranges.
"""

from __future__ import annotations

import io
import json
import re
import sys
from contextlib import redirect_stderr, redirect_stdout

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import portreg
from portreg.cli import main
from portreg.cli._commands import COMMANDS
from tests.cli_helpers import assignment_from_json, run_portreg

ESCAPE = "\033["


def test_the_report_on_305_tells_its_whole_story() -> None:
    result = run_portreg("305", check_stderr_empty=True)
    assert result.returncode == 0
    text = result.stdout
    assert "Unassigned" in text.splitlines()[0]
    assert "System Ports 0-1023" in text
    assert "IETF Review or IESG Approval" in text
    assert "privileges" in text
    assert "unassigned on tcp, udp, sctp, dccp" in text
    assert "block 301-307" in text
    for name in ("tacacss", "novastorbakcup", "entrusttime", "bhmds"):
        assert name in text
    # The neighbour table runs 300-310, one row a port, 305 marked.
    rows = [line.split() for line in text.splitlines() if re.match(r"\s*>?\s*3[01]\d\s", line)]
    assert [int(row[1] if row[0] == ">" else row[0]) for row in rows] == list(range(300, 311))
    assert [row for row in rows if row[0] == ">"] == [[">", "305", "-", "-", "-", "-"]]
    assert "2026-08-17" in text
    assert ESCAPE not in text  # not a terminal: no colour


def test_the_report_on_an_assigned_port_names_people_dates_and_references() -> None:
    result = run_portreg("80/tcp", "--radius", "0", check_stderr_empty=True)
    assert result.returncode == 0
    info = portreg.lookup("80/tcp")
    for assignment in info.assignments:
        assert f"80/tcp  {assignment.service}" in result.stdout
        for person in (*assignment.assignees, *assignment.contacts):
            assert person.display_name in result.stdout
        for reference in assignment.references:
            assert reference.label in result.stdout
        if assignment.modified:
            assert str(assignment.modified) in result.stdout
    assert "http, www, www-http" in result.stdout.splitlines()[0]
    assert "udp" not in result.stdout.split("Registry rows")[0]


def test_a_span_is_a_table_of_its_ports() -> None:
    result = run_portreg("300-310", check_stderr_empty=True)
    assert result.returncode == 0
    lines = [line.split() for line in result.stdout.splitlines() if re.match(r"3[01]\d\s", line)]
    assert [int(line[0]) for line in lines] == list(range(300, 311))
    assert lines[0][1:3] == ["assigned", "reserved"]  # 300: tacacss on tcp, Reserved on udp
    assert lines[8][5] == "novastorbakcup"


def _check_port_document(document: dict[str, object], port: int, protocol: str | None) -> None:
    info = portreg.lookup(port, protocol)
    assert document["schema_version"] == 1
    assert document["kind"] == "port"
    assert document["registry_date"] == portreg.REGISTRY_DATE.isoformat()
    assert document["port"] == port
    assert document["protocol"] == protocol
    assert document["range_class"]["name"] == info.range_class.value  # type: ignore[index]
    assert document["status"] == info.status().value
    assert document["statuses"] == {p.value: s.value for p, s in info.statuses.items()}
    assert tuple(document["services"]) == info.services  # type: ignore[arg-type]
    assignments = tuple(assignment_from_json(a) for a in document["assignments"])  # type: ignore[attr-defined]
    assert assignments == info.assignments
    assert document["preferred_name"] == info.preferred_name()
    block = info.block
    assert document["block"] == (
        None
        if block is None
        else {
            "first": block.first,
            "last": block.last,
            "size": len(block),
            "status": block.status.value,
            "protocol": block.protocol.value if block.protocol else None,
        }
    )
    assert document["nearest_assigned_below"] == info.nearest_assigned_below
    assert document["nearest_assigned_above"] == info.nearest_assigned_above


def test_json_round_trips_the_facts_of_lookup() -> None:
    ports = ["0", "1", "22", "80", "143", "300", "305", "6010", "14001", "49151", "50000"]
    result = run_portreg(*ports, "80/udp", "--json", check_stderr_empty=True)
    assert result.returncode == 0
    documents = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(documents) == len(ports) + 1
    for text, document in zip([*ports, "80/udp"], documents):
        number, _, protocol = text.partition("/")
        _check_port_document(document, int(number), protocol or None)
    report_305 = documents[ports.index("305")]
    assert report_305["block"] == {
        "first": 301,
        "last": 307,
        "size": 7,
        "status": "unassigned",
        "protocol": None,
    }
    assert (report_305["nearest_assigned_below"], report_305["nearest_assigned_above"]) == (
        300,
        308,
    )
    assert [n["port"] for n in report_305["neighbours"]] == list(range(300, 311))
    assert [n["services"] for n in report_305["neighbours"] if n["services"]] == [
        ["tacacss"],
        ["novastorbakcup"],
        ["entrusttime"],
        ["bhmds"],
    ]


def _main(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


@settings(max_examples=60, deadline=None)
@given(port=st.integers(0, 65535), protocol=st.sampled_from([None, "tcp", "udp", "sctp", "dccp"]))
def test_json_round_trips_any_port(port: int, protocol: str | None) -> None:
    args = [str(port), "--radius", "0", "--json"]
    if protocol:
        args += ["--protocol", protocol]
    status, out, err = _main(*args)
    assert (status, err) == (0, "")
    _check_port_document(json.loads(out), port, protocol)


def test_a_span_in_json_carries_every_row() -> None:
    result = run_portreg("6000-6002/tcp", "--json", check_stderr_empty=True)
    document = json.loads(result.stdout)
    assert (document["kind"], document["first"], document["last"]) == ("span", 6000, 6002)
    rows = [assignment_from_json(a) for a in document["assignments"]]
    for entry in document["ports"]:
        info = portreg.lookup(entry["port"], "tcp")
        assert tuple(rows[i] for i in entry["assignment_indexes"]) == info.assignments
        assert tuple(entry["services"]) == info.services == ("x11",)


@pytest.mark.parametrize(
    ("args", "wording"),
    [
        (["70000"], "0-65535"),
        (["-1"], "'-1'"),
        ([""], "''"),
        (["80/xyz"], "'xyz'"),
        (["310-300"], "low to high"),
        (["80", "--protocol", "icmp"], "'icmp'"),
        (["80/tcp", "--protocol", "udp"], "once"),
        (["80", "--radius", "many"], "--radius"),
        (["80", "--radius", "-2"], "--radius"),
        (["80", "--no-such-option"], "--no-such-option"),
        ([], "QUERY"),
        (["export", "--format", "xml"], "xml"),
        (["listeners", "99999"], "0-65535"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str], wording: str) -> None:
    result = run_portreg(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("portreg: error: ")
    assert wording in result.stderr
    assert "Traceback" not in result.stderr


def test_an_error_is_one_line_even_in_process() -> None:
    status, out, err = _main("80/xyz")
    assert (status, out) == (2, "")
    assert err == (
        "portreg: error: protocol must be one of tcp, udp, sctp, dccp (any case); got 'xyz'\n"
    )


def test_version_names_the_package_and_the_registry_date() -> None:
    result = run_portreg("--version", check_stderr_empty=True)
    assert result.returncode == 0
    assert result.stdout == f"portreg {portreg.__version__} (IANA registry 2026-08-17)\n"


@pytest.mark.parametrize("command", [[], *([c.name] for c in COMMANDS)])
def test_help_has_examples_and_exit_statuses(command: list[str]) -> None:
    result = run_portreg(*command, "--help", check_stderr_empty=True)
    assert result.returncode == 0
    assert "examples:" in result.stdout
    assert "exit status:" in result.stdout
    assert "NO_COLOR" in result.stdout


def test_every_command_module_provides_what_the_table_promises() -> None:
    import importlib

    for command in COMMANDS:
        module = importlib.import_module(command.module)
        assert callable(module.configure), command
        assert callable(module.run), command
        assert module.DESCRIPTION, command
        assert module.EXAMPLES.startswith("examples:"), command


def test_colour_only_when_asked_and_never_with_no_color() -> None:
    coloured = run_portreg("305", "--color", "always")
    assert ESCAPE in coloured.stdout
    assert ESCAPE not in run_portreg("305").stdout  # a pipe is not a terminal
    for value in ("1", "yes"):
        result = run_portreg("305", "--color", "always", env={"NO_COLOR": value})
        assert ESCAPE not in result.stdout
    # Colour changes the look, not the words.
    assert re.sub(r"\033\[[0-9;]*m", "", coloured.stdout) == run_portreg("305").stdout


def test_the_entry_point_imports_only_the_command_it_runs() -> None:
    code = (
        "import contextlib, io, json, sys\n"
        "from portreg.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['305'])\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('portreg.'))))\n"
    )
    import subprocess

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(result.stdout))
    assert "portreg.cli.lookup" in loaded
    # Neither the other commands nor the name and search indexes load for a port report.
    assert not loaded & {
        "portreg.cli.export",
        "portreg.cli.search",
        "portreg.cli.listening",
        "portreg.listening.proc_net",
        "portreg.lookups.names",
        "portreg.lookups.search",
    }


def test_a_service_name_gives_its_ports_aliases_and_rows() -> None:
    result = run_portreg("HTTP", check_stderr_empty=True)
    assert result.returncode == 0
    info = portreg.service("http")
    assert result.stdout.startswith("Service http  80/tcp, 80/udp, 80/sctp")
    assert "Aliases   www, www-http" in result.stdout
    # Every row heads its details; rows alike but for the transport share a heading.
    headings = {
        (port, protocol)
        for port, protocols in re.findall(r"^  (\S+)/(\S+)  http  ", result.stdout, re.MULTILINE)
        for protocol in protocols.split("+")
    }
    assert headings == {(a.port_text, str(a.protocol)) for a in info.assignments}
    alias = run_portreg("www", check_stderr_empty=True)
    assert "the registry says to use http" in alias.stdout


def test_a_service_name_in_json_round_trips_the_rows() -> None:
    result = run_portreg("x11", "--json", check_stderr_empty=True)
    document = json.loads(result.stdout)
    info = portreg.service("x11")
    assert (document["kind"], document["found"], document["name"]) == ("service", True, "x11")
    assert document["canonical"] == info.canonical
    assert document["ports"] == list(range(6000, 6064))
    rows = tuple(assignment_from_json(a) for a in document["assignments"])
    assert rows == info.assignments
    assert len(document["history"]) == len(info.history)


def test_a_service_name_with_a_protocol_keeps_that_transport() -> None:
    result = run_portreg("x11", "--protocol", "udp", "--json", check_stderr_empty=True)
    rows = json.loads(result.stdout)["assignments"]
    assert {row["protocol"] for row in rows} == {"udp"}


def test_an_unknown_name_exits_1_with_suggestions_on_one_line() -> None:
    result = run_portreg("postgres")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.count("\n") == 1
    assert "'postgres'" in result.stderr
    assert "postgresql" in result.stderr
    document = json.loads(run_portreg("postgres", "--json").stdout)
    assert document["found"] is False
    assert "postgresql" in document["suggestions"]


def test_a_name_that_is_also_a_command_is_reached_through_lookup() -> None:
    result = run_portreg("lookup", "search", check_stderr_empty=True)
    assert result.returncode == 0
    assert result.stdout.startswith("Service search")


def test_search_ranks_the_exact_name_first() -> None:
    result = run_portreg("search", "novastor", check_stderr_empty=True)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["PORT", "SERVICE", "MATCH", "DESCRIPTION"]
    assert [line.split()[:2] for line in lines[1:]] == [
        ["308/tcp", "novastorbakcup"],
        ["308/udp", "novastorbakcup"],
    ]


def test_search_in_json_carries_each_hit_and_the_total() -> None:
    result = run_portreg("search", "http", "--limit", "3", "--json", check_stderr_empty=True)
    document = json.loads(result.stdout)
    hits = portreg.search("http")
    assert document["total"] == len(hits)
    assert len(document["hits"]) == 3
    for entry, hit in zip(document["hits"], hits):
        assert assignment_from_json(entry["assignment"]) == hit.assignment
        assert entry["match"] == hit.match.value
    assert document["hits"][0]["assignment"]["service"] == "http"


def test_search_without_hits_exits_1() -> None:
    result = run_portreg("search", "no-such-service-anywhere")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "args", [["search", " "], ["search", "x", "--range", "galactic"], ["search", "x", "-n", "-1"]]
)
def test_search_refuses_bad_input_with_one_line(args: list[str]) -> None:
    result = run_portreg(*args)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_local_says_plainly_when_the_check_is_unavailable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib

    listeners_module = importlib.import_module("portreg.listening.listeners")
    monkeypatch.setattr(listeners_module, "_proc_net_available", lambda: False)
    monkeypatch.setitem(sys.modules, "psutil", None)  # makes `import psutil` fail
    status, out, err = _main("305", "--local", "--radius", "0")
    assert (status, err) == (0, "")
    assert "cannot tell: cannot list this machine's sockets" in out
    status, out, _ = _main("305", "--local", "--radius", "0", "--json")
    local = json.loads(out)["local"]
    assert (local["available"], local["listeners"]) == (False, [])
    assert "portreg[psutil]" in local["reason"]
    status, out, err = _main("listeners")
    assert (status, out) == (2, "")
    assert err.startswith("portreg: error: cannot list this machine's sockets")


def test_several_queries_give_several_reports() -> None:
    result = run_portreg("22", "300-301", "ssh", "--radius", "0", check_stderr_empty=True)
    assert result.returncode == 0
    starts = [line for line in result.stdout.splitlines() if line and not line[0].isspace()]
    assert [
        line.split()[0] for line in starts if line.split()[0] in ("Port", "Ports", "Service")
    ] == [
        "Port",
        "Ports",
        "Service",
    ]


@pytest.mark.parametrize("name", ["3com-tsmux", "9pfs", "914c/g"])
def test_names_that_start_with_a_digit_are_names(name: str) -> None:
    # The registry has such names; only digits (with /protocol) make a port.
    status, out, err = _main(name, "--json")
    assert (status, err) == (0, "")
    document = json.loads(out)
    assert (document["kind"], document["name"]) == ("service", name)
    assert tuple(assignment_from_json(a) for a in document["assignments"]) == (
        portreg.service(name).assignments
    )
