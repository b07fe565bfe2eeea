"""Running the real command line, as a user's shell would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import portreg

ROOT = Path(__file__).resolve().parent.parent
IANA_XML = ROOT.parent / "shared" / "iana" / "service-names-port-numbers.xml"
IANA_NS = "{http://www.iana.org/assignments}"


def run_portreg(
    *args: str, env: dict[str, str] | None = None, check_stderr_empty: bool = False
) -> subprocess.CompletedProcess[str]:
    """``python -m portreg ARGS`` in a fresh interpreter, output captured as text."""
    # Output to a pipe, as from a script: no colour, no width to fit, no pager.
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM", "COLUMNS")}
    environ["PYTHONIOENCODING"] = "utf-8"
    environ.update(env or {})
    result = subprocess.run(
        [sys.executable, "-m", "portreg", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environ,
        check=False,
    )
    if check_stderr_empty:
        assert result.stderr == "", result.stderr
    return result


def assignment_from_json(value: dict[str, Any]) -> portreg.Assignment:
    """The inverse of the documented JSON form of an assignment (docs/cli-json.md)."""

    def people(key: str) -> tuple[portreg.Person, ...]:
        return tuple(portreg.Person(p["id"], p["name"], p["organization"]) for p in value[key])

    def date(key: str) -> portreg.RegistryDate | None:
        return portreg.RegistryDate.parse(value[key]) if value[key] else None

    return portreg.Assignment(
        service=value["service"],
        first=value["first"],
        last=value["last"],
        protocol=portreg.Protocol(value["protocol"]) if value["protocol"] else None,
        description=value["description"],
        status=portreg.Status(value["status"]),
        assignees=people("assignees"),
        contacts=people("contacts"),
        registered=date("registered"),
        modified=date("modified"),
        references=tuple(
            portreg.Reference(portreg.ReferenceKind(r["kind"]), r["data"], r["section"], r["text"])
            for r in value["references"]
        ),
        service_code=value["service_code"],
        unauthorized_use=value["unauthorized_use"],
        notes=value["notes"],
    )
