"""Make the type hints of public names resolve with :func:`typing.get_type_hints`.

Annotations are strings in portreg (``from __future__ import annotations``), and
``typing.get_type_hints`` evaluates them where it looks: for a class, in the
namespace of its ``__module__``, which is ``portreg``, whose names load lazily; for
a function, in its module's globals, where names imported only under
``if TYPE_CHECKING:`` are missing. Both fail without help.

The help, given to each public name as :mod:`portreg` hands it out (so that
``import portreg`` stays cheap):

- a class's own field annotations are replaced by the objects they name, and so are
  those of the classes its fields name, transitively (``PortInfo`` -> ``Assignment``
  -> ``Person``), and of attrs' generated ``__init__``;
- a function's module, and the modules of a class's public methods and properties,
  receive the names their annotations use that were imported only for type
  checking, imported for real. A module imported that way (``import pandas``) is
  bound to a stand-in that imports it when an attribute is first read, so pandas and
  matplotlib load only when someone asks for the hints that name them.

The names imported for type checking are read from the ``if TYPE_CHECKING:`` block
of the module's source. Annotations of third-party types are written through their
module (``pandas.DataFrame``, never a bare ``DataFrame``), so that resolving a
signature never imports a third-party package; the suite checks this.
"""

from __future__ import annotations

import builtins
import importlib
import sys
import types
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["complete", "type_only_imports"]

#: The lines that open an ``if TYPE_CHECKING:`` block at a module's top level.
_TYPE_ONLY_OPENERS = ("if TYPE_CHECKING:", "if typing.TYPE_CHECKING:")

# Where each module's type-only names come from: name -> (module, attribute), the
# attribute None for a module (``import pandas``), with the submodules to load.
_Origin = tuple[str, str | None, tuple[str, ...]]
_type_only: dict[str, dict[str, _Origin]] = {}
_completed: set[int] = set()
_fields_done: set[type] = set()


def complete(thing: object) -> None:
    """Make ``typing.get_type_hints`` work on ``thing`` (a public class or function),
    its public methods and properties, and the classes its hints name."""
    if id(thing) in _completed:
        return
    _completed.add(id(thing))
    if isinstance(thing, type):
        for function in _methods(thing):
            _provide_for(function)
        _resolve_fields(thing)
    elif isinstance(thing, types.FunctionType):
        _provide_for(thing)
        for value in _named_values(thing):
            if isinstance(value, type):
                _resolve_fields(value)


def type_only_imports(module_name: str) -> dict[str, _Origin]:
    """The names ``module_name`` imports under ``if TYPE_CHECKING:``, and from where."""
    found = _type_only.get(module_name)
    if found is not None:
        return found
    import ast

    found = {}
    for block in _type_only_blocks(_source(module_name)):
        for node in ast.walk(ast.parse(block)):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        found[alias.asname] = (alias.name, None, ())
                    else:  # ``import a.b`` binds ``a``, and loads ``a.b``
                        top = alias.name.split(".")[0]
                        loads = found.get(top, (top, None, ()))[2]
                        found[top] = (top, None, (*loads, alias.name))
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    found[alias.asname or alias.name] = (node.module, alias.name, ())
    _type_only[module_name] = found
    return found


# -- functions: their modules get the names their hints use ------------------------------


def _provide_for(function: types.FunctionType) -> None:
    namespace = function.__globals__
    home = namespace.get("__name__", "")
    if not isinstance(home, str) or not home.startswith("portreg"):
        return  # generated code (attrs' methods): their classes resolve them
    missing = {
        name
        for text in function.__annotations__.values()
        if isinstance(text, str)
        for name in _names_in(text)
        if name not in namespace and not hasattr(builtins, name)
    }
    if missing:
        _import_into(namespace, home, missing)


def _import_into(namespace: dict[str, Any], home: str, names: set[str]) -> None:
    origins = type_only_imports(home)
    for name in sorted(names):
        origin = origins.get(name)
        if origin is not None:
            namespace.setdefault(name, _load(*origin))


def _load(module: str, attribute: str | None, loads: tuple[str, ...]) -> object:
    if attribute is None:
        if all(name in sys.modules for name in (module, *loads)):
            return sys.modules[module]
        return _ModuleWhenUsed(module, loads)
    imported = importlib.import_module(module)
    try:
        return getattr(imported, attribute)
    except AttributeError:  # ``from package import submodule``
        return importlib.import_module(f"{module}.{attribute}")


class _ModuleWhenUsed:
    """Stands for a module in a namespace; imports it when an attribute is read."""

    def __init__(self, name: str, loads: tuple[str, ...]) -> None:
        self._name = name
        self._loads = loads

    def __getattr__(self, attribute: str) -> object:
        for name in self._loads:
            importlib.import_module(name)
        return getattr(importlib.import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<module {self._name!r}, imported when used>"


# -- classes: their field annotations become the objects they name -----------------------


def _resolve_fields(cls: type) -> None:
    pending = [cls]
    while pending:
        current = pending.pop()
        if current in _fields_done:
            continue
        _fields_done.add(current)
        for base in current.__mro__:
            home = _home(base)
            if home is None:
                continue
            namespace = sys.modules[home].__dict__
            # The class's own annotations, as written (inspect would cost its import).
            own = vars(base).get("__annotations__", {})
            if any(isinstance(v, str) for v in own.values()):
                base.__annotations__ = _evaluated(own, namespace, home)
            init = vars(base).get("__init__")
            if isinstance(init, types.FunctionType) and _home_of_function(init) is None:
                init.__annotations__ = _evaluated(init.__annotations__, namespace, home)
            pending += (
                value
                for value in _types_in(base.__annotations__.values())
                if _home(value) and value not in _fields_done
            )
        import attrs

        if attrs.has(current):
            attrs.resolve_types(current)


def _evaluated(annotations: dict[str, Any], namespace: dict[str, Any], home: str) -> dict[str, Any]:
    missing = {
        name
        for text in annotations.values()
        if isinstance(text, str)
        for name in _names_in(text)
        if name not in namespace and not hasattr(builtins, name)
    }
    if missing:
        _import_into(namespace, home, missing)
    return {key: _value(text, namespace) for key, text in annotations.items()}


def _value(text: object, namespace: dict[str, Any]) -> object:
    if not isinstance(text, str):
        return text
    try:
        return eval(text, namespace)
    except Exception:  # pragma: no cover - the suite resolves every public hint
        return text  # left as it was: get_type_hints reports what is missing


def _home(cls: object) -> str | None:
    """The portreg module that defines ``cls``, or None for anyone else's class."""
    if not isinstance(cls, type):
        return None
    module = cls.__module__
    if module == "portreg":
        from portreg._public import DEFINED_IN

        module = DEFINED_IN.get(cls.__name__, "")
    return module if module.startswith("portreg.") and module in sys.modules else None


def _home_of_function(function: types.FunctionType) -> str | None:
    name = function.__globals__.get("__name__")
    return name if isinstance(name, str) and name.startswith("portreg") else None


def _methods(cls: type) -> Iterator[types.FunctionType]:
    """The functions behind ``cls``'s public methods and properties, inherited ones
    included, where portreg defines them."""
    for base in cls.__mro__:
        if _home(base) is None:
            continue
        for name, value in vars(base).items():
            if name.startswith("_") and not (name.startswith("__") and name.endswith("__")):
                continue
            candidates: list[Callable[..., Any] | None]
            if isinstance(value, property):
                candidates = [value.fget, value.fset, value.fdel]
            elif isinstance(value, (classmethod, staticmethod)):
                candidates = [value.__func__]
            else:
                candidates = [value]
            yield from (f for f in candidates if isinstance(f, types.FunctionType))


def _named_values(function: types.FunctionType) -> Iterator[object]:
    """The objects a function's annotations name, where its module has them."""
    namespace = function.__globals__
    for text in function.__annotations__.values():
        if isinstance(text, str):
            for name in _names_in(text):
                value = namespace.get(name)
                if not isinstance(value, _ModuleWhenUsed):
                    yield value


def _names_in(text: str) -> set[str]:
    """The names an annotation reads: ``"tuple[Block, ...] | None"`` -> Block, tuple, None.

    A scan, not a parse (parsing each annotation would cost more than the rest of the
    work together): identifiers not after a dot, outside string literals.
    """
    found = _names_cache.get(text)
    if found is not None:
        return found
    found = set()
    position, end = 0, len(text)
    while position < end:
        character = text[position]
        if character.isalpha() or character == "_":
            start = position
            while position < end and (text[position].isalnum() or text[position] == "_"):
                position += 1
            if not text[:start].rstrip().endswith("."):
                found.add(text[start:position])
        elif character in "'\"":
            closing = text.find(character, position + 1)
            position = end if closing < 0 else closing + 1
        else:
            position += 1
    _names_cache[text] = found
    return found


_names_cache: dict[str, set[str]] = {}


def _types_in(hints: Any) -> Iterator[type]:
    """The classes inside resolved hints: ``tuple[Person, ...] | None`` -> Person, ..."""
    for hint in hints:
        if isinstance(hint, type) and not hasattr(hint, "__origin__"):
            yield hint
        arguments = getattr(hint, "__args__", None)
        if arguments:
            yield from _types_in(arguments)


def _type_only_blocks(source: str) -> Iterator[str]:
    """The bodies of the top-level ``if TYPE_CHECKING:`` blocks, dedented."""
    lines = source.splitlines()
    for number, line in enumerate(lines):
        if line.rstrip() in _TYPE_ONLY_OPENERS:
            body = []
            for inner in lines[number + 1 :]:
                if inner.strip() and not inner[:1].isspace():
                    break
                body.append(inner)
            indents = [len(b) - len(b.lstrip()) for b in body if b.strip()]
            cut = min(indents, default=0)
            yield "\n".join(b[cut:] for b in body) + "\n"


def _source(module_name: str) -> str:
    path = getattr(sys.modules.get(module_name), "__file__", None)
    if not path:
        return ""
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except OSError:  # pragma: no cover - a module without its source beside it
        return ""
