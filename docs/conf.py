"""Sphinx configuration for portreg's documentation.

Build (strict, as the test suite does)::

    python -m sphinx -W --keep-going -n -b html docs docs/_build/html

The API reference is generated from the docstrings of the installed package, so
install it first (``pip install '.[docs]'``).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

import portreg

project = "portreg"
author = "portreg developers"
copyright = "portreg developers"
release = portreg.__version__
version = release

# myst_nb reads the Markdown pages (it includes myst_parser) and the tour notebook.
extensions = ["myst_nb", "sphinx.ext.autodoc", "sphinx_copybutton"]
exclude_patterns = ["_build", ".ipynb_checkpoints", "jupyter_execute"]
myst_heading_anchors = 3
# The notebook is shown as stored, not run: the test suite runs it (tests/test_notebook.py).
nb_execution_mode = "off"

# Copy buttons copy code without the prompts (and without a doctest's output lines).
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True

# A broken reference is an error (the build runs with -n -W). The standard library and
# third-party types have no inventory to link to offline, so they are named, not linked.
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(datetime|collections\.abc|typing|types|enum|array|threading|os|pathlib)\..*"),
    (r"py:.*", r"(int|str|bytes|bool|object|range|tuple|list|dict|set|frozenset|None)"),
    (r"py:.*", r"(pandas|attrs|IPython|matplotlib|numpy|pyarrow|polars|dask|pyspark)\..*"),
    (r"py:class", r"(.*\.)?(T|Callable|Iterable|Iterator|Sequence|Generic|Protocol)"),
    # The registry's internal row and index types, in Registry's constructor signature.
    (r"py:class", r"(.*\.)?(RowSource|Rows|PortIndex|Shipped)"),
    # Input aliases (a Protocol or its name, a RangeClass or its name) in signatures
    # whose other hints load lazily; each parameter's docstring says what it accepts.
    (r"py:class", r"(.*\.)?(PortLike|ProtocolLike|RangeClassLike|PathLike|Errors|Codes|Flags)"),
]

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_typehints_format = "short"

# Furo gives wide tables and code room, and reads well on narrow screens.
html_theme = "furo"
html_title = f"portreg {release}"
html_static_path: list[str] = []


def _public_alias(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.reference | None:
    """Link ``portreg.model.Status`` to ``portreg.Status``, where the reference documents it.

    Type hints name a class by the module that defines it; the reference documents the
    public names that ``portreg`` exports.
    """
    target = node.get("reftarget", "")
    if node.get("refdomain") != "py" or not target.startswith("portreg."):
        return None
    name = target.rsplit(".", 1)[-1]
    if name not in portreg.__all__:
        return None
    node["reftarget"] = f"portreg.{name}"
    domain: Any = env.get_domain("py")
    resolved: nodes.reference | None = domain.resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], f"portreg.{name}", node, contnode
    )
    return resolved


def setup(app: Sphinx) -> None:
    app.connect("missing-reference", _public_alias)
