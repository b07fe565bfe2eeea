"""Every line fits the terminal: tables cut their text columns, prose wraps at spaces.

The commands run on a pseudo-terminal of 80 and 50 columns (the window size set
with TIOCSWINSZ, as a terminal emulator does), in colour as a person sees them; with
``COLUMNS`` set they fit that width through a pipe too, and without either they keep
whole values.
"""

from __future__ import annotations

import re

import pytest

from portreg.cli import _width
from portreg.cli._app import _DEFAULT_USAGE
from portreg.cli.lookup import DESCRIPTION
from tests.cli_helpers import run_portreg
from tests.terminal import SGR, run_on_terminal

COMMANDS = [["80"], ["305"], ["http"], ["search", "backup"], ["--help"]]


@pytest.mark.parametrize("columns", [80, 50])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_line_fits_the_terminal(args: list[str], columns: int) -> None:
    result = run_on_terminal("--no-pager", *args, columns=columns)
    assert result.status == 0, result.stderr
    assert result.stderr == ""
    assert result.plain.strip(), "nothing reached the terminal"
    assert result.too_wide(columns) == []
    # Colour stays on, and every escape sequence is one of portreg's own, whole.
    if args != ["--help"]:
        assert SGR.search(result.screen)
    assert "\x1b" not in result.plain


@pytest.mark.parametrize("columns", [80, 50])
def test_columns_fits_piped_output_too(columns: int) -> None:
    for args in COMMANDS:
        result = run_portreg(*args, env={"COLUMNS": str(columns)}, check_stderr_empty=True)
        wide = [line for line in result.stdout.splitlines() if len(line) > columns]
        assert wide == [], args


def test_piped_output_keeps_whole_values() -> None:
    text = run_portreg("80", check_stderr_empty=True).stdout
    assert "\u2026" not in text
    assert max(len(line) for line in text.splitlines()) > 80
    assert 'advertised explicitly as DNS-SD service type "xul-http".' in text
    row = next(line for line in text.splitlines() if line.startswith("  >  80 "))
    assert row.split()[-4:] == ["World", "Wide", "Web", "HTTP"]


def test_a_table_cuts_its_text_columns_and_keeps_the_rest() -> None:
    text = run_on_terminal("--no-pager", "80", columns=80).plain
    table = text[text.index("  Ports 75-85") :].splitlines()
    row = next(line for line in table if line.startswith("  >  80 "))
    # The port and its status on every transport whole; the names cut, with an ellipsis.
    assert row.split()[:7] == [">", "80", "assigned", "assigned", "assigned", "-", "http,"]
    assert "\u2026" in row
    header = table[1].split()
    assert header == ["PORT", "TCP", "UDP", "SCTP", "DCCP", "SERVICE", "DESCRIPTION"]


def test_a_narrow_table_gives_the_transports_one_column_of_letters() -> None:
    text = run_on_terminal("--no-pager", "305", columns=50).plain
    assert "TUSD tcp udp sctp dccp: a assigned, r reserved, - unassigned" in " ".join(text.split())
    rows = {
        line.split()[0]: line.split() for line in text.splitlines() if re.match(r" +3\d\d ", line)
    }
    assert rows["300"][:3] == ["300", "ar--", "tacacss"]  # tcp assigned, udp reserved
    assert rows["308"][:3] == ["308", "aa--", "novastorbakcup"]
    assert next(line for line in text.splitlines() if ">  305" in line).split() == [
        ">",
        "305",
        "----",
    ]


def test_help_wraps_at_spaces_never_inside_a_word() -> None:
    for columns in (80, 50):
        text = run_on_terminal("--help", columns=columns).plain
        assert all(len(line) <= columns for line in text.splitlines())
        # The description's words, in order, each whole.
        start = text.index("What is port N?")
        shown = text[start : text.index("positional arguments:")].split()
        assert shown == DESCRIPTION.split()
        assert "portreg COMMAND [options] ..." in text
        assert set(_DEFAULT_USAGE.split()) <= set(text.split())


# -- the layout functions themselves ----------------------------------------------------


def test_wrapping_goes_on_under_the_text_after_the_label() -> None:
    line = "  Range     System Ports 0-1023, assigned by IANA through IETF Review or IESG Approval"
    assert _width.wrap(line, 50) == [
        "  Range     System Ports 0-1023, assigned by IANA",
        "            through IETF Review or IESG Approval",
    ]
    # Too little room beside the label: the text goes under it instead.
    assert _width.wrap(line, 30) == [
        "  Range",
        "      System Ports 0-1023,",
        "      assigned by IANA through",
        "      IETF Review or IESG",
        "      Approval",
    ]


def test_a_word_longer_than_the_line_moves_left_then_is_broken() -> None:
    url = "<https://www.rfc-editor.org/rfc/rfc9110>"
    assert _width.wrap(f"      Reference        RFC 9110  {url}", 50) == [
        "      Reference        RFC 9110",
        f"          {url}",
    ]
    pieces = _width.wrap("x" * 120, 50)
    assert pieces == ["x" * 50, "x" * 50, "x" * 20]


def test_wrapping_carries_colour_across_lines_and_closes_it() -> None:
    line = "\x1b[32m" + " ".join(["word"] * 20) + "\x1b[0m"
    pieces = _width.wrap(line, 30)
    assert len(pieces) > 1
    for piece in pieces:
        assert piece.startswith("\x1b[32m")
        assert piece.endswith("\x1b[0m")
        assert _width.visible_width(piece) <= 30


def test_cutting_keeps_escape_sequences_whole() -> None:
    cell = "\x1b[32mWorld Wide Web HTTP\x1b[0m"
    assert _width.cut(cell, 10) == "\x1b[32mWorld Wid\u2026\x1b[0m"
    assert _width.cut(cell, 19) == cell
    for width in range(25):
        cut = _width.cut(cell, width)
        assert _width.visible_width(cut) <= width
        assert SGR.sub("", cut).isprintable()


@pytest.mark.parametrize(
    "hostile",
    [
        "abc\x1b]0;owned\x07def ghi jkl",  # sets the window title
        "abc\x1b[2Jdef ghi jkl",  # clears the screen
        "abc\x9b2Jdef ghi jkl",  # the same through the 8-bit CSI
        "abc\x1b",  # a lone escape, which the next output would complete
    ],
)
def test_other_control_characters_never_reach_the_terminal(hostile: str) -> None:
    for width in (4, 8, 12, 40):
        for text in [_width.cut(hostile, width), *_width.wrap(hostile, width)]:
            assert "\x1b" not in text
            assert "\x9b" not in text
            assert "\x07" not in text
            assert _width.visible_width(text) <= width


def test_wide_characters_take_two_columns() -> None:
    assert _width.text_width("\u6771\u4eac") == 4
    assert _width.text_width("e\u0301") == 1  # e and a combining acute
    assert _width.visible_width(_width.cut("\u6771\u4eac\u6771\u4eac", 5)) <= 5


def test_fit_columns_shrinks_the_widest_text_column_first() -> None:
    assert _width.fit_columns([4, 8, 20, 40], [2, 3], 72) == [4, 8, 20, 40]
    assert _width.fit_columns([4, 8, 20, 40], [2, 3], 62) == [4, 8, 20, 30]
    assert _width.fit_columns([4, 8, 20, 40], [2, 3], 42) == [4, 8, 15, 15]
    # Never below the minimum: the row is cut afterwards instead.
    assert _width.fit_columns([4, 8, 20, 40], [2, 3], 20) == [4, 8, 8, 8]


def test_no_width_without_a_terminal_or_columns() -> None:
    import io

    assert _width.terminal_width(io.StringIO(), {}) is None
    assert _width.terminal_width(io.StringIO(), {"COLUMNS": "66"}) == 66
    assert _width.terminal_width(io.StringIO(), {"COLUMNS": "wide"}) is None
    assert _width.terminal_width(io.StringIO(), {"COLUMNS": "0"}) is None
