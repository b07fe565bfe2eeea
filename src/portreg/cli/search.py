"""``portreg search TEXT``: services whose name, description or notes match, ranked."""

from __future__ import annotations

import argparse

from portreg.cli._console import Console, table

__all__ = ["DESCRIPTION", "EXAMPLES", "configure", "run"]

DESCRIPTION = """\
Find services by name, description or notes, ranked: the exact name first, then
names starting with TEXT, names holding it as a word, whole words of descriptions and
notes, then TEXT inside longer words. Case is ignored; TEXT is one phrase."""

EXAMPLES = """\
examples:
  portreg search postgres
  portreg search "remote desktop" --protocol tcp
  portreg search backup --range system --limit 0
  portreg search kerberos --json | jq '.hits[].assignment.port_text'
"""

DEFAULT_LIMIT = 25


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", metavar="TEXT", help="what to look for (any case)")
    parser.add_argument(
        "-p", "--protocol", metavar="PROTO", help="only rows on tcp, udp, sctp or dccp"
    )
    parser.add_argument(
        "--range",
        dest="range_class",
        metavar="CLASS",
        help="only ports in this range: system, user or dynamic",
    )
    parser.add_argument(
        "-n",
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"show the best N hits (default {DEFAULT_LIMIT}; 0 for all)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON document (schema: docs/cli-json.md)"
    )


def run(args: argparse.Namespace, console: Console) -> int:
    from portreg.cli._console import UsageError
    from portreg.lookups.in_use import registry, search

    if args.limit < 0:
        raise UsageError(f"--limit must be 0 (all) or more; got {args.limit}")
    hits = search(args.text, protocol=args.protocol, range_class=args.range_class)
    shown_hits = hits[: args.limit] if args.limit else hits
    if args.json:
        from portreg.cli._json import document, dumps, search_hit_json

        body = {
            "query": {
                "text": args.text,
                "protocol": args.protocol.strip().lower() if args.protocol else None,
                "range_class": args.range_class.strip().lower() if args.range_class else None,
                "limit": args.limit or None,
            },
            "total": len(hits),
            "hits": [search_hit_json(hit) for hit in shown_hits],
        }
        console.line(dumps(document("search", body, registry().provenance)))
        return 0 if hits else 1
    if not hits:
        from portreg.cli._console import warn

        # Like an unknown name: the reason on stderr, nothing on stdout, status 1.
        warn(f"portreg: nothing in the registry matches {args.text!r}")
        return 1
    rows = [["PORT", "SERVICE", "MATCH", "DESCRIPTION"]]
    styles = [[console.bold(cell) for cell in rows[0]]]
    for hit in shown_hits:
        row = hit.assignment
        where = row.port_text or "-"
        where += f"/{row.protocol.value}" if row.protocol else ""
        cells = [where, row.service or row.status.value, hit.match.value, row.description]
        rows.append(cells)
        styles.append(
            [cells[0], console.status(cells[1], row.status), console.dim(cells[2]), cells[3]]
        )
    # The service, how it matched and the description give up width on a narrow screen.
    for line in table(rows, styles=styles, console=console, flexible=(1, 2, 3)):
        console.line(line)
    if len(shown_hits) < len(hits):
        console.line(console.dim(f"({len(shown_hits)} of {len(hits)} hits; --limit 0 shows all)"))
    return 0
