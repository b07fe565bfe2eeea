"""Text shared by the commands: status wording and the table of ports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from portreg.answers.port import PortInfo
from portreg.cli._console import Console, table
from portreg.records.assignment import Assignment
from portreg.records.vocabulary import Protocol, Status
from portreg.sources.provenance import Provenance

__all__ = ["LEGEND", "assignment_details", "port_table", "registry_credit", "statuses_text"]

# Short enough for a column per transport; the report's legend spells them out.
_SHORT = {
    Status.ASSIGNED: "assigned",
    Status.RESERVED: "reserved",
    Status.DEREGISTERED: "dereg",
    Status.UNASSIGNED: "-",
    Status.DYNAMIC: "dynamic",
}
LEGEND = "'-' unassigned, 'dereg' de-registered"


def statuses_text(statuses: dict[Protocol, Status], console: Console) -> str:
    """``assigned on tcp, udp; unassigned on sctp, dccp``: transports grouped by status."""
    grouped: dict[Status, list[str]] = {}
    for protocol, status in statuses.items():
        grouped.setdefault(status, []).append(protocol.value)
    return "; ".join(
        console.status(status.value, status) + " on " + ", ".join(protocols)
        for status, protocols in grouped.items()
    )


def port_table(
    infos: Sequence[PortInfo], console: Console, *, marked: int | None = None, indent: str = "  "
) -> list[str]:
    """A row per port: its status on each transport, its names and first description."""
    protocols = infos[0].protocols if infos else tuple(Protocol)
    header = ["", "PORT", *(p.value.upper() for p in protocols), "SERVICE", "DESCRIPTION"]
    marker = marked is not None
    if not marker:
        header = header[1:]
    rows = [header]
    styles = [[console.bold(cell) for cell in header]]
    for info in infos:
        statuses = info.statuses
        assigned = [a for a in info.assignments if a.status is Status.ASSIGNED and a.service]
        description = assigned[0].description if assigned else _unnamed_description(info)
        row = [
            ">" if info.port == marked else "",
            str(info.port),
            *(_SHORT[statuses[p]] for p in protocols),
            ", ".join(info.services),
            description,
        ]
        if not marker:
            row = row[1:]
        style = list(row)
        for column, protocol in enumerate(protocols, start=2 if marker else 1):
            style[column] = console.status(row[column], statuses[protocol])
        if info.port == marked:
            style[0], style[1] = console.bold(row[0]), console.bold(row[1])
        rows.append(row)
        styles.append(style)
    return table(rows, indent=indent, styles=styles)


def _unnamed_description(info: PortInfo) -> str:
    # A reserved or de-registered port says why ("Reserved", "De-registered ..."); a
    # plain "Unassigned" would only repeat the status columns.
    for assignment in info.assignments:
        if assignment.status not in (Status.ASSIGNED, Status.UNASSIGNED):
            return assignment.description
    return ""


def assignment_details(assignment: Assignment, console: Console, indent: str) -> list[str]:
    """Every field of one registry row, one per line, as a reference page lists them."""
    where = assignment.port_text or "(no port)"
    where += f"/{assignment.protocol.value}" if assignment.protocol else " (all transports)"
    title = assignment.service or assignment.status.value.capitalize()
    heading = f"{indent}{console.bold(where)}  {console.status(title, assignment.status)}"
    if assignment.description and assignment.description != title:
        heading += f"  {assignment.description}"
    fields: list[tuple[str, str]] = []
    if assignment.service and assignment.status is not Status.ASSIGNED:
        fields.append(("Status", assignment.status.value))
    fields += _people("Assignee", assignment.assignees)
    fields += _people("Contact", assignment.contacts)
    if assignment.registered:
        fields.append(("Registered", str(assignment.registered)))
    if assignment.modified:
        fields.append(("Modified", str(assignment.modified)))
    for reference in assignment.references:
        label = reference.label
        if reference.url and reference.url != label:
            label = f"{label}  <{reference.url}>"
        fields.append(("Reference", label))
    if assignment.service_code is not None:
        fields.append(("Service code", str(assignment.service_code)))
    if assignment.unauthorized_use:
        fields.append(("Unauthorized use", assignment.unauthorized_use))
    if assignment.notes:
        fields.append(("Notes", assignment.notes))
    lines = [heading]
    for label, value in fields:
        first, *rest = value.splitlines() or [""]
        lines.append(f"{indent}    {console.dim(f'{label:<17}')}{first}")
        lines += (f"{indent}    {'':<17}{line.strip()}" for line in rest if line.strip())
    return lines


def _people(label: str, people: Iterable[object]) -> list[tuple[str, str]]:
    return [(label, str(person)) for person in people]


def registry_credit(provenance: Provenance) -> str:
    """The last line of a report: which registry answered, by its own provenance."""
    updated = provenance.registry_updated
    dated = f"IANA registry of {updated.isoformat()}" if updated else "IANA registry (undated)"
    return dated if provenance.packaged else f"{dated}, from {provenance.source}"
