"""Parsing takes work in proportion to the file, and deep markup is refused, not recursed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from portreg import DataError, Registry

_HEAD = (
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    '<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">\n'
    "<updated>2025-01-01</updated>\n"
)


def test_a_record_with_300000_person_references_parses_in_linear_time(tmp_path: Path) -> None:
    # 10 MB, well under the default limit of 64 MiB; the old parser grew a tuple one
    # reference at a time and took hours. A separate interpreter bounds the wait.
    references = '<xref type="person" data="p"/>' * 300_000
    links = '<xref type="rfc" data="rfc1"/>' * 30_000
    path = tmp_path / "many.xml"
    path.write_text(
        _HEAD + f"<record><name>x</name><number>1</number>{references}{links}</record>\n"
        "</registry>\n"
    )
    assert path.stat().st_size > 9_000_000
    code = textwrap.dedent(
        f"""
        from portreg import Registry
        (row,) = Registry.from_file({str(path)!r})
        print(len(row.contacts), len(row.references))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["300000", "30000"]


@pytest.mark.parametrize("field", ["description", "note"])
def test_markup_nested_2000_deep_is_a_data_error_naming_the_record(
    tmp_path: Path, field: str
) -> None:
    nested = "<span>" * 2000 + "deep" + "</span>" * 2000
    path = tmp_path / "deep.xml"
    path.write_text(
        _HEAD + "<record><name>ok</name><number>7</number></record>\n"
        f"<record><name>deep</name><number>9</number><{field}>{nested}</{field}></record>\n"
        "</registry>\n"
    )
    assert path.stat().st_size < 32_000
    with pytest.raises(DataError, match=r"deep\.xml, line 5 \(record 2, 9 deep\): markup nested"):
        Registry.from_file(path)


def test_a_deep_footnote_is_a_data_error(tmp_path: Path) -> None:
    nested = "<span>" * 2000 + "deep" + "</span>" * 2000
    path = tmp_path / "deep.xml"
    path.write_text(
        _HEAD + f'<footnote anchor="1">{nested}</footnote>\n'
        "<record><name>ok</name><number>7</number></record>\n</registry>\n"
    )
    with pytest.raises(DataError, match=r"deep\.xml: a <footnote>: markup nested"):
        Registry.from_file(path)


def test_markup_as_deep_as_allowed_still_reads(tmp_path: Path) -> None:
    from portreg.sources.iana_xml import MAX_MARKUP_DEPTH

    depth = MAX_MARKUP_DEPTH - 1
    nested = "<span>" * depth + "deep enough" + "</span>" * depth
    path = tmp_path / "ok.xml"
    path.write_text(
        _HEAD + f"<record><name>ok</name><number>7</number><description>{nested}</description>"
        "</record>\n</registry>\n"
    )
    (row,) = Registry.from_file(path)
    assert row.description == "deep enough"


def test_the_cli_says_so_in_one_line(tmp_path: Path) -> None:
    from tests.cli_helpers import run_portreg

    nested = "<span>" * 2000 + "deep" + "</span>" * 2000
    path = tmp_path / "deep.xml"
    path.write_text(
        _HEAD + f"<record><name>deep</name><number>9</number><description>{nested}"
        "</description></record>\n</registry>\n"
    )
    result = run_portreg("diff", str(path), "packaged")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
