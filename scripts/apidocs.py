#!/usr/bin/env python3
"""Write docs/api.md, the API reference, from the public objects' signatures and docstrings.

python scripts/apidocs.py          # rewrite docs/api.md
python scripts/apidocs.py --check  # exit 1 with a diff when docs/api.md is stale (tests run it)
"""

from __future__ import annotations

import argparse
import difflib
import inspect
import os
import sys
from pathlib import Path
from typing import Any

import attrs

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "api.md"
HELP_COLUMNS = "100"  # argparse wraps help to the terminal; fix it so the output is stable

HEADER = """# API reference

Generated from the code by `python scripts/apidocs.py` (a test fails when this file is stale); the
guides are [the README](../README.md), [the CLI guide](cli.md) and [importers](importers.md).

`SyncSekhaClient` has every method of `SekhaClient` with the same arguments, without `await`
(`async with` becomes `with`, `aclose` becomes `close`, async iterators become iterators).
`MemoryController` is `SyncSekhaClient` plus `async_client()`.
"""


def _doc(obj: Any) -> str:
    """The object's own docstring (never one inherited from ``object``)."""
    return inspect.cleandoc(obj.__doc__) if obj.__doc__ else ""


def _signature(obj: Any) -> str:
    """The signature as written in the source (annotations stay strings under postponed evaluation)."""
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return "(...)"
    params = []
    star_done = False
    for param in signature.parameters.values():
        if param.kind is param.KEYWORD_ONLY and not star_done:
            params.append("*")
            star_done = True
        if param.kind is param.VAR_POSITIONAL:
            star_done = True
        text = {param.VAR_POSITIONAL: "*", param.VAR_KEYWORD: "**"}.get(param.kind, "") + param.name
        if param.annotation is not param.empty:
            text += f": {_annotation(param.annotation)}"
        if param.default is not param.empty:
            text += f" = {param.default!r}"
        params.append(text)
    returns = signature.return_annotation
    arrow = "" if returns is signature.empty else f" -> {_annotation(returns)}"
    return f"({', '.join(params)}){arrow}"


def _annotation(value: Any) -> str:
    return value if isinstance(value, str) else inspect.formatannotation(value)


def _public_name(obj: Any) -> str:
    import sekha
    import sekha.importers
    import sekha.models

    for package in (sekha, sekha.models, sekha.importers):
        if obj.__name__ in package.__all__ and getattr(package, obj.__name__) is obj:
            return f"{package.__name__}.{obj.__name__}"
    return f"{obj.__module__}.{obj.__name__}"


def _methods(cls: type) -> list[str]:
    out = []
    for name, member in cls.__dict__.items():
        if name.startswith("_") and name not in ("__init__",):
            continue
        if isinstance(member, classmethod | staticmethod):
            member = member.__func__
        if isinstance(member, property):
            out.append(f"- `{name}` (property) {_doc(member)}".rstrip())
        elif inspect.isfunction(member):
            prefix = (
                "async " if inspect.iscoroutinefunction(member) or inspect.isasyncgenfunction(member) else ""
            )
            doc = _doc(member).replace("\n", "\n  ")
            out.append(f"- `{prefix}{name}{_signature(member)}`" + (f"\n  {doc}" if doc else ""))
    return out


def _class(cls: type, level: str = "###") -> str:
    lines = [f"{level} `{_public_name(cls)}`", ""]
    if _doc(cls):
        lines += [_doc(cls), ""]
    if attrs.has(cls):
        fields = ", ".join(f"`{f.name}`" for f in attrs.fields(cls) if not f.name.startswith("_"))
        lines += [f"Fields: {fields}.", ""]
    methods = _methods(cls)
    if methods:
        lines += [*methods, ""]
    return "\n".join(lines)


MODEL_PREAMBLE = """Every body is a generated `sekha_api.models` class (an attrs class): construct it with its
fields as keywords, read it with `from_dict(dict)`, write it with `to_dict()`. Keys the contract
does not name are kept in `additional_properties` (also readable as `model["key"]`); an optional
field the server left out is None (`Unset` is `None`); timestamps are aware UTC datetimes.
Below, each model's fields, then what the SDK adds to it (from `sekha/_mixins.py`).
"""


def _model(cls: type) -> str:
    """A generated model: its docstring and fields, and the members its sekha mixins add."""
    lines = [f"### `{_public_name(cls)}`", ""]
    if _doc(cls):
        lines += [_doc(cls), ""]
    fields = ", ".join(f"`{f.name}`" for f in attrs.fields(cls) if f.name != "additional_properties")
    lines += [f"Fields: {fields}.", ""] if fields else []
    for base in cls.__mro__[1:]:
        if base.__module__ == "sekha._mixins":
            lines += [_doc(base), ""] if _doc(base) else []
            lines += _methods(base)
    if lines[-1] != "":
        lines.append("")
    return "\n".join(lines)


def _function(fn: Any) -> str:
    return f"### `{_public_name(fn)}{_signature(fn)}`\n\n{_doc(fn)}\n"


def _cli() -> str:
    from sekha.cli import build_parser

    parser = build_parser()
    lines = ["## Command line (`sekha`)", "", "```text", parser.format_help().rstrip(), "```", ""]
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in commands.choices.items():
        lines += [f"### `sekha {name}`", "", "```text", sub.format_help().rstrip(), "```", ""]
        nested = [a for a in sub._actions if isinstance(a, argparse._SubParsersAction)]
        for action in nested:
            for child_name, child in action.choices.items():
                lines += [
                    f"#### `sekha {name} {child_name}`",
                    "",
                    "```text",
                    child.format_help().rstrip(),
                    "```",
                    "",
                ]
    return "\n".join(lines)


def render() -> str:
    os.environ["COLUMNS"] = HELP_COLUMNS
    import sekha
    from sekha import errors, importers, models

    parts = [HEADER, "## Clients", "", _class(sekha.SekhaClient), _class(sekha.MemoryController)]
    parts += ["## Configuration", "", _class(sekha.ClientConfig), _class(sekha.InsecureTransportWarning)]
    parts += ["`MemoryConfig` is another name for `ClientConfig`.", ""]
    parts += [_function(sekha.api_client)]
    generated = [getattr(models, name) for name in models.__all__ if name != "AssembledContext"]
    parts += ["## Models", "", MODEL_PREAMBLE, _class(models.AssembledContext)]
    parts += [_model(cls) for cls in generated if inspect.isclass(cls)]
    parts += ["## Errors", "", "```text", (errors.__doc__ or "").strip(), "```", ""]
    parts += [
        _class(getattr(errors, name)) for name in errors.__all__ if inspect.isclass(getattr(errors, name))
    ]
    parts += ["## Importers", "", (importers.__doc__ or "").strip(), ""]
    for name in importers.__all__:
        obj = getattr(importers, name)
        if inspect.isclass(obj):
            parts.append(_class(obj))
        elif inspect.isfunction(obj):
            parts.append(_function(obj))
    parts.append(_cli())
    return "\n".join(parts).rstrip() + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="fail with a diff when docs/api.md is stale")
    args = parser.parse_args()
    text = render()
    current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
    if args.check:
        if text == current:
            return 0
        sys.stdout.writelines(
            difflib.unified_diff(current.splitlines(True), text.splitlines(True), "docs/api.md", "generated")
        )
        print("docs/api.md is stale: run python scripts/apidocs.py", file=sys.stderr)
        return 1
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
