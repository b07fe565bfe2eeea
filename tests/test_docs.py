"""The documentation builds cleanly in strict mode, and every example in it runs.

The examples are those of README.md and of the pages under docs/: Python blocks
(doctest sessions or plain code) run in order, sharing one namespace per page, with
Sybil; shell blocks are checked command by command (see :func:`_check_command`).
"""

from __future__ import annotations

import doctest
import importlib.metadata
import importlib.resources
import importlib.util
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sybil import Document, Example
from sybil.parsers import markdown, myst
from sybil.typing import Parser

import portreg

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DOC_PAGES = sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts)
PAGES = [ROOT / "README.md", *DOC_PAGES]
IANA_XML = ROOT.parent / "shared" / "iana" / "service-names-port-numbers.xml"
TESTED_LANGUAGES = {"python", "sh"}
FENCE = re.compile(r"^```(\S*)", re.MULTILINE)


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# -- the site ---------------------------------------------------------------------------


def _build(source: Path, output: Path) -> subprocess.CompletedProcess[str]:
    # -W turns warnings into errors, -n reports every reference that does not resolve.
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", "html"]
    return subprocess.run(
        [*command, str(source), str(output)], capture_output=True, text=True, check=False
    )


def test_the_site_builds_in_strict_mode(tmp_path: Path) -> None:
    result = _build(DOCS, tmp_path / "html")
    assert result.returncode == 0, result.stdout + result.stderr
    built = {
        p.relative_to(tmp_path / "html").as_posix() for p in (tmp_path / "html").rglob("*.html")
    }
    expected_pages = {f"{_name(p)[len('docs/') : -len('.md')]}.html" for p in DOC_PAGES}
    assert expected_pages <= built
    site = tmp_path / "html"
    # The reference, split by topic, covers the whole public API.
    reference = "".join(
        page.read_text(encoding="utf-8") for page in (site / "reference").glob("*.html")
    )
    for name in portreg.__all__:
        if name != "__version__":
            assert f'id="portreg.{name}"' in reference, name
    # The tour notebook is a page of the site (shown as stored: the suite runs it).
    tour = (site / "examples" / "tour.html").read_text(encoding="utf-8")
    assert "port_map" in tour
    # Furo's theme, and copy buttons that leave the prompts out.
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "furo" in index
    assert "copybutton" in index
    copying = (site / "_static" / "copybutton.js").read_text(encoding="utf-8")
    assert r"formatCopyText(text, '>>> |\\.\\.\\. |\\$ ', true" in copying
    changelog = (tmp_path / "html" / "changelog.html").read_text(encoding="utf-8")
    assert "Unreleased" in changelog


def _small_site(source: Path, extra: str = "") -> Path:
    """A site of the real configuration and one real reference page, plus ``extra``
    on its index page: what the strict options do, in a fraction of the full build."""
    source.mkdir()
    shutil.copy(DOCS / "conf.py", source / "conf.py")
    shutil.copy(DOCS / "reference" / "errors.md", source / "errors.md")
    index = "# Small\n\n```{toctree}\nerrors\n```\n\nSee {class}`portreg.PortregError`.\n"
    (source / "index.md").write_text(index + extra, encoding="utf-8")
    return source


def test_a_broken_reference_fails_the_build(tmp_path: Path) -> None:
    # Shows the strict build can fail: a site that builds, then one reference to nothing.
    clean = _build(_small_site(tmp_path / "clean"), tmp_path / "clean-html")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    broken = _small_site(tmp_path / "broken", "\nSee {func}`portreg.no_such_function`.\n")
    result = _build(broken, tmp_path / "broken-html")
    assert result.returncode != 0
    assert "portreg.no_such_function" in result.stderr


# -- the examples -----------------------------------------------------------------------


def _parsers(path: Path) -> list[Parser]:
    flags = doctest.ELLIPSIS
    if path.name == "README.md":
        return [markdown.PythonCodeBlockParser(doctest_optionflags=flags), markdown.SkipParser()]
    return [myst.PythonCodeBlockParser(doctest_optionflags=flags), myst.SkipParser()]


def _examples(path: Path) -> list[Example]:
    document = Document.parse(str(path), *_parsers(path))
    return list(document)


def _shell_blocks(path: Path) -> list[tuple[int, str]]:
    """The ``sh`` blocks of a page: (line, text)."""
    blocks = []
    text = path.read_text(encoding="utf-8")
    for match in re.finditer(r"^```sh\n(.*?)^```", text, re.MULTILINE | re.DOTALL):
        blocks.append((text.count("\n", 0, match.start()) + 1, match.group(1)))
    return blocks


def test_every_code_block_is_in_a_tested_language() -> None:
    # A ```bash or ```pycon block would silently escape the tests below.
    for path in PAGES:
        languages = {
            language
            for language in FENCE.findall(path.read_text(encoding="utf-8"))
            if language and not language.startswith("{")
        }
        assert languages <= TESTED_LANGUAGES, f"{_name(path)}: {languages - TESTED_LANGUAGES}"


@pytest.mark.parametrize("path", PAGES, ids=_name)
def test_python_examples_run(path: Path) -> None:
    examples = _examples(path)
    python_blocks = len(re.findall(r"^```python\n", path.read_text(encoding="utf-8"), re.M))
    assert (len(examples) > 0) == (python_blocks > 0)
    for example in examples:  # in order: later examples use names earlier ones set
        example.evaluate()


SHELL_COMMANDS = [
    pytest.param(path, line, command, id=f"{_name(path)}:{line}:{command[:40]}")
    for path in PAGES
    for line, block in _shell_blocks(path)
    for command_line in block.splitlines()
    if command_line.strip() and not command_line.lstrip().startswith("#")
    for command in command_line.split(" && ")
]


def _extras() -> set[str]:
    return set(importlib.metadata.metadata("portreg").get_all("Provides-Extra") or ())


@pytest.mark.parametrize(("path", "line", "command"), SHELL_COMMANDS)
def test_shell_examples_work(path: Path, line: int, command: str, tmp_path: Path) -> None:
    _check_command(shlex.split(command), tmp_path)


def _check_command(words: list[str], tmp_path: Path) -> None:
    """Run or check one documented shell command.

    ``python -c`` and ``portreg`` run. The snapshot generator runs on IANA's XML (where the checkout
    has it) into a temporary folder, and must reproduce the packaged data byte for
    byte. ``pip install`` is what CI itself runs before this suite: it is checked to
    install this project with extras that exist, not run. ``pytest`` is this suite.
    """
    if words[:2] == ["python", "-c"] and len(words) == 3:
        result = subprocess.run(
            [sys.executable, "-c", words[2]], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
    elif words[:4] == ["python", "-m", "pip", "install"]:
        for target in words[4:]:
            found = re.fullmatch(r"\.(?:\[([a-z,]+)\])?", target)
            assert found, f"documented install of something other than portreg: {target}"
            assert set(filter(None, (found.group(1) or "").split(","))) <= _extras()
    elif words == ["python", "-m", "pytest"]:
        pass
    elif words == ["lint-imports"]:
        from tests.test_architecture import _lint_imports

        result = _lint_imports(ROOT / "src", ROOT)
        assert result.returncode == 0, result.stdout + result.stderr
    elif words[:1] == ["portreg"]:
        result = subprocess.run(
            [sys.executable, "-m", "portreg", *words[1:]],
            capture_output=True,
            text=True,
            check=False,
        )
        # `portreg listeners` exits 1 on a machine where nothing listens.
        allowed = {0, 1} if words[1:2] == ["listeners"] else {0}
        assert result.returncode in allowed, result.stderr
        assert result.stderr == ""
    elif words[:2] == ["python", "tools/generate_snapshot.py"] and len(words) == 3:
        if not IANA_XML.is_file():
            pytest.skip(f"IANA's XML is not here ({IANA_XML})")
        generator = str(ROOT / "tools" / "generate_snapshot.py")
        result = subprocess.run(
            [sys.executable, generator, str(IANA_XML), "--output", str(tmp_path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        packaged = importlib.resources.files("portreg._data")
        for name in ("registry.bin", "__init__.py"):
            assert (tmp_path / name).read_bytes() == (packaged / name).read_bytes(), name
    elif words[:2] == ["python", "tools/fuzz_readers.py"] and words[2:3] in (["xml"], ["csv"]):
        _check_fuzzing(words[2:], tmp_path)
    else:
        pytest.fail(f"no check for this documented command: {shlex.join(words)}")


def _check_fuzzing(arguments: list[str], tmp_path: Path) -> None:
    """The fuzzing harness, run for two seconds rather than the documented minute."""
    kind = arguments[0]
    if "--plain" in arguments:
        arguments = [kind, "--plain", "--seconds", "2"]
    elif importlib.util.find_spec("atheris") is None:
        pytest.skip("atheris (the fuzz extra) is not installed")
    else:
        arguments = [kind, "-max_total_time=2", f"-artifact_prefix={tmp_path}/"]
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "fuzz_readers.py"), *arguments],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
