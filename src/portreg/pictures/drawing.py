"""The pictures: a map of the port space, and assignments per range and per year.

Each function answers from the registry in use (or the one given) and returns a
:class:`matplotlib.figure.Figure`, made without pyplot: in Jupyter it shows as the
cell's value once matplotlib's inline support is on (``%matplotlib inline``), and
``figure.savefig("ports.png")`` writes it anywhere. matplotlib is the ``plot`` extra
(``pip install 'portreg[plot]'``); without it the functions raise
:class:`~portreg.MissingDependencyError`.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from portreg._public import public
from portreg.errors import InputTypeError, MissingDependencyError
from portreg.lookups.in_use import registry as registry_in_use
from portreg.lookups.registry import Registry
from portreg.records.inputs import ProtocolLike, parse_protocol, shown
from portreg.records.ranges import RangeClass, range_class_of
from portreg.records.vocabulary import PORT_COUNT, Protocol, Status

if TYPE_CHECKING:
    import matplotlib.figure


__all__ = ["STATUS_COLOURS", "assignments_by_range", "assignments_by_year", "port_map"]

#: The colour of each status, told apart in colour-blind palettes (Okabe and Ito's).
STATUS_COLOURS: dict[Status, str] = {
    Status.ASSIGNED: "#0072B2",  # blue
    Status.RESERVED: "#E69F00",  # orange
    Status.DEREGISTERED: "#D55E00",  # vermilion
    Status.UNASSIGNED: "#F0F0F0",  # near white: free to assign
    Status.DYNAMIC: "#999999",  # grey
}
_RANGE_COLOURS = {
    RangeClass.SYSTEM: "#0072B2",
    RangeClass.USER: "#009E73",
    RangeClass.DYNAMIC: "#999999",
}
_SIDE = 256  # the map is 256 x 256 ports: one row per 256 ports


def _figure(**options: Any) -> matplotlib.figure.Figure:
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise MissingDependencyError(
            "pictures need matplotlib, which is not installed; "
            "install it with: pip install 'portreg[plot]'"
        ) from None
    return Figure(**options)


def _chosen(registry: object) -> Registry:
    """The registry a picture draws: the one given, or the one in use."""
    if registry is None:
        return registry_in_use()
    if not isinstance(registry, Registry):
        raise InputTypeError(
            "registry must be a Registry or None; "
            f"got {shown(registry)} ({type(registry).__name__})"
        )
    return registry


def _statuses(registry: Registry, protocol: Protocol) -> list[Status]:
    """The status of every port on ``protocol``: assigned but where a block says not."""
    statuses = [Status.ASSIGNED] * PORT_COUNT
    for block in registry.unassigned(None, protocol):
        statuses[block.first : block.last + 1] = [block.status] * len(block)
    return statuses


@public
def port_map(
    protocol: ProtocolLike = "tcp", *, registry: Registry | None = None
) -> matplotlib.figure.Figure:
    """Every port on one transport, 256 to a row, coloured by its status.

    Port 0 is at the top left, 65535 at the bottom right; lines mark where the User
    Ports (1024) and the Dynamic Ports (49152) begin.
    """
    chosen = parse_protocol(protocol)
    source = _chosen(registry)
    figure = _figure(figsize=(8.5, 7.5), layout="constrained")
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    order = list(STATUS_COLOURS)
    statuses = _statuses(source, chosen)
    codes = [order.index(status) for status in statuses]
    grid = [codes[row * _SIDE : (row + 1) * _SIDE] for row in range(_SIDE)]
    axes = figure.add_subplot()
    axes.imshow(
        grid,
        cmap=ListedColormap([STATUS_COLOURS[s] for s in order]),
        vmin=0,
        vmax=len(order) - 1,
        interpolation="nearest",
        aspect="equal",
    )
    labels = {
        RangeClass.USER: "System Ports 0-1023 above (4 rows),\nUser Ports from 1024 below",
        RangeClass.DYNAMIC: "Dynamic Ports from 49152",
    }
    for range_class, label in labels.items():
        row = range_class.first / _SIDE - 0.5
        axes.axhline(row, color="black", linewidth=1.2)
        axes.annotate(
            label,
            (_SIDE - 0.5, row),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    ticks = range(0, _SIDE + 1, 32)
    axes.set_yticks([t - 0.5 for t in ticks], [str(t * _SIDE) for t in ticks])
    axes.set_xticks(
        [t - 0.5 for t in range(0, _SIDE + 1, 64)], ["+0", "+64", "+128", "+192", "+256"]
    )
    axes.set_ylabel("first port of the row")
    axes.set_xlabel("port within the row")
    counts = Counter(statuses)
    axes.legend(
        handles=[
            Patch(
                facecolor=STATUS_COLOURS[s], edgecolor="#444444", label=f"{s.value} ({counts[s]:,})"
            )
            for s in order
        ],
        loc="upper left",
        bbox_to_anchor=(1.0, 0.75),
        frameon=False,
        fontsize=8,
    )
    updated = source.provenance.registry_updated
    axes.set_title(f"The {PORT_COUNT:,} ports on {chosen.value} (IANA {updated or 'undated'})")
    return figure


@public
def assignments_by_range(*, registry: Registry | None = None) -> matplotlib.figure.Figure:
    """How many ports of each range are assigned, on each transport, and what share."""
    source = _chosen(registry)
    figure = _figure(figsize=(8, 4.5), layout="constrained")
    axes = figure.add_subplot()
    classes = list(RangeClass)[:2]  # the Dynamic Ports are never assigned
    width = 0.8 / len(Protocol)
    for offset, protocol in enumerate(Protocol):
        statuses = _statuses(source, protocol)
        counts = [sum(1 for p in c.ports if statuses[p] is Status.ASSIGNED) for c in classes]
        positions = [i + (offset - (len(Protocol) - 1) / 2) * width for i in range(len(classes))]
        bars = axes.bar(positions, counts, width, label=protocol.value)
        axes.bar_label(
            bars,
            [f"{n / len(c.ports):.0%}" for n, c in zip(counts, classes)],
            fontsize=7,
            padding=2,
        )
    axes.set_xticks(range(len(classes)), [f"{c.label}\n{c.first}-{c.last}" for c in classes])
    axes.set_ylabel("ports assigned (share of the range above each bar)")
    axes.legend(title="transport", frameon=False)
    axes.set_title("Assigned ports per range")
    return figure


@public
def assignments_by_year(*, registry: Registry | None = None) -> matplotlib.figure.Figure:
    """How many registry rows were registered each year, by the range of their port.

    Counts the rows that assign a service and carry a registration date (the
    registry dates few rows before 2000); rows without a port are a group of their own.
    """
    source = _chosen(registry)
    groups = [*(c.label for c in RangeClass), "no port"]
    counts: Counter[tuple[int, str]] = Counter()
    for row in source:
        if row.status is Status.ASSIGNED and row.registered is not None:
            group = range_class_of(row.first).label if row.first is not None else "no port"
            counts[row.registered.value.year, group] += 1
    years = list(
        range(
            min((y for y, _ in counts), default=2000), max((y for y, _ in counts), default=2000) + 1
        )
    )
    figure = _figure(figsize=(9, 4.5), layout="constrained")
    axes = figure.add_subplot()
    bottom = [0] * len(years)
    colours = [*(_RANGE_COLOURS[c] for c in RangeClass), "#CC79A7"]
    for group, colour in zip(groups, colours):
        heights = [counts[year, group] for year in years]
        if any(heights):
            axes.bar(years, heights, 0.85, bottom=bottom, label=group, color=colour)
            bottom = [b + h for b, h in zip(bottom, heights)]
    axes.set_xlabel("year registered")
    axes.set_ylabel("rows assigned")
    axes.legend(frameon=False)
    axes.set_title("Assignments per registration year")
    return figure
