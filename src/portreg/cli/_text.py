"""Text shared by the commands: status wording and the table of ports."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

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
    infos: Sequence[PortInfo],
    console: Console,
    *,
    marked: int | None = None,
    indent: str = "  ",
    title: str | None = None,
) -> list[str]:
    """A row per port: its status on each transport, its names and first description.

    With ``title``, the table's heading line comes first, with the legend of its
    status words. Where a column per transport leaves too little room for the names
    and descriptions (a narrow terminal), the transports share one column of letters.
    """
    protocols = infos[0].protocols if infos else tuple(Protocol)
    every_status = [info.statuses for info in infos]  # a property worked out each time
    names_of = [", ".join(info.services) for info in infos]
    compact = console.width is not None and _too_narrow(
        [str(info.port) for info in infos],
        every_status,
        names_of,
        protocols,
        marked is not None,
        indent,
        console.width,
    )
    names = [p.value.upper() for p in protocols]
    status_header = ["".join(name[0] for name in names)] if compact else names
    header = ["", "PORT", *status_header, "SERVICE", "DESCRIPTION"]
    marker = marked is not None
    if not marker:
        header = header[1:]
    rows = [header]
    styles = [[console.bold(cell) for cell in header]]
    first_status = 2 if marker else 1
    for info, statuses, services in zip(infos, every_status, names_of):
        assigned = [a for a in info.assignments if a.status is Status.ASSIGNED and a.service]
        description = assigned[0].description if assigned else _unnamed_description(info)
        if compact:
            shown = ["".join(_LETTER[statuses[p]] for p in protocols)]
            styled = ["".join(console.status(_LETTER[statuses[p]], statuses[p]) for p in protocols)]
        else:
            shown = [_SHORT[statuses[p]] for p in protocols]
            styled = [console.status(_SHORT[statuses[p]], statuses[p]) for p in protocols]
        row = [
            ">" if info.port == marked else "",
            str(info.port),
            *shown,
            services,
            description,
        ]
        if not marker:
            row = row[1:]
        style = list(row)
        style[first_status : first_status + len(styled)] = styled
        if info.port == marked:
            style[0], style[1] = console.bold(row[0]), console.bold(row[1])
        rows.append(row)
        styles.append(style)
    flexible = (len(header) - 2, len(header) - 1)
    lines = table(rows, indent=indent, styles=styles, console=console, flexible=flexible)
    if title is not None:
        on_show = {statuses[p] for statuses in every_status for p in protocols}
        legend = _compact_legend(protocols, on_show) if compact else LEGEND
        lines.insert(0, console.bold(title) + console.dim(f"  ({legend})"))
    return lines


# A letter a status, for a table too narrow for a column per transport.
_LETTER = {
    Status.ASSIGNED: "a",
    Status.RESERVED: "r",
    Status.DEREGISTERED: "x",
    Status.UNASSIGNED: "-",
    Status.DYNAMIC: "d",
}
#: The narrowest the names and descriptions may be before the transports share a column.
_NARROWEST_NAMES = 12


def _compact_legend(protocols: Sequence[Protocol], shown: Collection[Status]) -> str:
    """What the letters stand for: the transports, and the statuses the table shows."""
    columns = "".join(p.value[0].upper() for p in protocols)
    meanings = ", ".join(
        f"{letter} {_WORDS[status]}" for status, letter in _LETTER.items() if status in shown
    )
    return f"{columns} {' '.join(p.value for p in protocols)}: {meanings}"


_WORDS = {
    Status.ASSIGNED: "assigned",
    Status.RESERVED: "reserved",
    Status.DEREGISTERED: "de-registered",
    Status.UNASSIGNED: "unassigned",
    Status.DYNAMIC: "dynamic",
}


def _too_narrow(
    ports: Sequence[str],
    every_status: Sequence[dict[Protocol, Status]],
    names: Sequence[str],
    protocols: Sequence[Protocol],
    marked: bool,
    indent: str,
    width: int,
) -> bool:
    """Whether a column per transport leaves names or descriptions narrower than they need."""
    status_columns = [
        max([len(p.value), *(len(_SHORT[statuses[p]]) for statuses in every_status)])
        for p in protocols
    ]
    port = max([len("PORT"), *map(len, ports)])
    widest_names = max([len("SERVICE"), *map(len, names)])
    columns = len(status_columns) + 3 + marked
    fixed = len(indent) + marked + port + sum(status_columns) + 2 * (columns - 1)
    return width - fixed < min(widest_names, _NARROWEST_NAMES) + _NARROWEST_NAMES


def _unnamed_description(info: PortInfo) -> str:
    # A reserved or de-registered port says why ("Reserved", "De-registered ..."); a
    # plain "Unassigned" would only repeat the status columns.
    for assignment in info.assignments:
        if assignment.status not in (Status.ASSIGNED, Status.UNASSIGNED):
            return assignment.description
    return ""


def assignment_details(
    assignment: Assignment,
    console: Console,
    indent: str,
    protocols: Sequence[Protocol] = (),
) -> list[str]:
    """Every field of one registry row, one per line, as a reference page lists them.

    ``protocols`` names the transports of rows that are the same on each
    (``80/tcp+udp``); by default, the row's own.
    """
    where = assignment.port_text or "(no port)"
    if not protocols and assignment.protocol:
        protocols = (assignment.protocol,)
    where += "/" + "+".join(p.value for p in protocols) if protocols else " (all transports)"
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
