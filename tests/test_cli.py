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
    assert report_305["block"] == {"first": 301, "last": 307, "size": 7, "status": "unassigned"}
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
        "import sys, io, contextlib\n"
        "from portreg.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['305'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('portreg.cli.')))\n"
    )
    import subprocess

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = set(eval(result.stdout))  # a printed list of strings
    assert "portreg.cli.lookup" in loaded
    assert not loaded & {"portreg.cli.export", "portreg.cli.search", "portreg.cli.listening"}


def test_names_and_search_say_plainly_when_unavailable() -> None:
    if hasattr(portreg, "service"):
        pytest.skip("service names are available")
    for args in (["postgresql"], ["search", "postgres"]):
        result = run_portreg(*args)
        assert result.returncode == 2
        assert "not available yet" in result.stderr
        assert result.stderr.count("\n") == 1
