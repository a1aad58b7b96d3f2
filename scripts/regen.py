#!/usr/bin/env python3
"""Regenerate the clients generated from openapi/sekha.yaml, or check that they are current.

    python scripts/regen.py                  # rewrite generated/sekha_api and js/src/generated
    python scripts/regen.py --check          # regenerate into a temporary directory, diff, exit 1 on drift
    python scripts/regen.py --only python    # one of them (python or typescript), with or without --check

The generator and the formatter it runs are pinned: when this interpreter does not have exactly
those versions, the script builds a private virtual environment under .cache/regen/ once and
runs itself there, so every machine produces byte-identical output.

The templates under openapi/templates/ replace the generator's own of the same name (see the
comment atop each); besides its output the package gets `py.typed` and `contract.json` (the spec
as JSON), which the sekha transport reads for each operation's `x-sekha-retry` class.

The TypeScript side (js/src/generated) comes from @hey-api/openapi-ts, pinned in js/package.json and
js/package-lock.json and installed with `npm ci` when js/node_modules lacks that version, plus
`retry-classes.gen.ts`, the same `x-sekha-retry` classes as a table for the TypeScript transport.
"""

from __future__ import annotations

import argparse
import difflib
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from importlib import metadata
from pathlib import Path
from typing import Any

GENERATOR = ("openapi-python-client", "0.29.1")
FORMATTER = ("ruff", "0.17.6")

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "sekha.yaml"
CONFIG = ROOT / "openapi" / "generator-config.yaml"
TEMPLATES = ROOT / "openapi" / "templates"  # the generator templates we override, by their stock names
TARGET = ROOT / "generated" / "sekha_api"
TOOLS_VENV = ROOT / ".cache" / "regen"
PACKAGE = "sekha_api"
JS_ROOT = ROOT / "js"
JS_TARGET = JS_ROOT / "src" / "generated"
JS_GENERATOR = ("@hey-api/openapi-ts", "0.95.0")
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _tools_are_pinned() -> bool:
    return all(_installed(name) == version for name, version in (GENERATOR, FORMATTER))


def _reexec_in_tools_venv() -> None:
    """Run this script again inside a venv holding exactly the pinned tools."""
    python = TOOLS_VENV / "bin" / "python"
    pins = [f"{name}=={version}" for name, version in (GENERATOR, FORMATTER)]
    stamp = TOOLS_VENV / "pins.txt"
    if not python.exists() or not stamp.exists() or stamp.read_text() != "\n".join(pins):
        print(f"regen: installing {', '.join(pins)} into {TOOLS_VENV.relative_to(ROOT)}", file=sys.stderr)
        venv.EnvBuilder(clear=True, with_pip=True).create(TOOLS_VENV)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *pins], check=True)
        stamp.write_text("\n".join(pins))
    os.execv(str(python), [str(python), __file__, *sys.argv[1:]])


def _generate(into: Path) -> Path:
    """Generate the package under `into` and return its directory."""
    out = into / PACKAGE
    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "RUFF_NO_CACHE": "true",
    }
    command = [
        str(bin_dir / "openapi-python-client"),
        "generate",
        "--path",
        str(SPEC),
        "--config",
        str(CONFIG),
        "--custom-template-path",
        str(TEMPLATES),
        "--meta",
        "none",
        "--output-path",
        str(out),
        "--overwrite",
        "--fail-on-warning",
    ]
    result = subprocess.run(command, cwd=into, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"regen: openapi-python-client failed (exit {result.returncode})")
    (out / "py.typed").write_text("")
    (out / "contract.json").write_text(json.dumps(_load_spec(), indent=1, ensure_ascii=False) + "\n")
    return out


def _load_spec() -> object:
    from ruamel.yaml import YAML  # a dependency of the generator, so present wherever it runs

    return YAML(typ="safe").load(SPEC.read_text(encoding="utf-8"))


def _typescript_tools_ready() -> None:
    """Install js/'s pinned tools from its lockfile unless the pinned generator is already there."""
    installed = JS_ROOT / "node_modules" / JS_GENERATOR[0] / "package.json"
    if installed.exists() and json.loads(installed.read_text())["version"] == JS_GENERATOR[1]:
        return
    print("regen: installing js/ tools with npm ci", file=sys.stderr)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=JS_ROOT, check=True, stdout=sys.stderr)


def _takes_idempotency_key(spec: dict[str, Any], operation: dict[str, Any]) -> bool:
    """Whether an operation declares the `Idempotency-Key` header (directly or by `$ref`)."""
    shared = spec.get("components", {}).get("parameters", {})
    for parameter in operation.get("parameters", ()):
        ref = parameter.get("$ref", "")
        if ref.startswith("#/components/parameters/"):
            parameter = shared[ref.rsplit("/", 1)[1]]
        if parameter.get("in") == "header" and parameter.get("name") == "Idempotency-Key":
            return True
    return False


def _retry_table_typescript(spec: object) -> str:
    """The `x-sekha-retry` class of every operation, and whether it takes an `Idempotency-Key`,
    as a TypeScript table for js/src/routes.ts."""
    assert isinstance(spec, dict)
    rows = []
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                operation = item[method]
                keyed = "true" if _takes_idempotency_key(spec, operation) else "false"
                rows.append(f"  ['{method.upper()}', '{path}', '{operation['x-sekha-retry']}', {keyed}],\n")
    return (
        "// Generated by scripts/regen.py from `x-sekha-retry` in openapi/sekha.yaml; do not edit.\n\n"
        "export type RetryClass = 'safe' | 'idempotent' | 'unsafe';\n\n"
        "/**\n"
        " * Method, path template and retry class of every operation in the contract, and whether it\n"
        " * takes an `Idempotency-Key` (a server announcing `idempotency_keys` replays a repeat).\n"
        " */\n"
        "export const RETRY_CLASSES: ReadonlyArray<readonly [string, string, RetryClass, boolean]> = [\n"
        + "".join(rows)
        + "];\n"
    )


def generate_typescript(into: Path) -> Path:
    """Generate js/src/generated under `into` (hey-api's fetch client and the retry table)."""
    _typescript_tools_ready()
    out = into / "generated"
    command = ["node", "scripts/generate.mjs", str(SPEC), str(out)]
    result = subprocess.run(command, cwd=JS_ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"regen: {JS_GENERATOR[0]} failed (exit {result.returncode})")
    (out / "retry-classes.gen.ts").write_text(_retry_table_typescript(_load_spec()))
    return out


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def _diff(expected: Path, actual: Path, shown: str = f"generated/{PACKAGE}") -> list[str]:
    """Readable differences between the fresh output and the committed tree `shown`."""
    report: list[str] = []
    new, committed = _files(expected), _files(actual)
    for name in sorted(new - committed):
        report.append(f"missing from {shown}/: {name}\n")
    for name in sorted(committed - new):
        report.append(f"not produced by the generator: {shown}/{name}\n")
    for name in sorted(new & committed):
        if filecmp.cmp(expected / name, actual / name, shallow=False):
            continue
        report.extend(
            difflib.unified_diff(
                (actual / name).read_text().splitlines(keepends=True),
                (expected / name).read_text().splitlines(keepends=True),
                fromfile=f"{shown}/{name} (committed)",
                tofile=f"{shown}/{name} (from openapi/sekha.yaml)",
            )
        )
    return report


# What regen produces: a generator writing into a temporary directory, and where its output lives.
OUTPUTS = {"python": (_generate, TARGET), "typescript": (generate_typescript, JS_TARGET)}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="fail with a diff when generated/ is stale")
    parser.add_argument("--only", choices=sorted(OUTPUTS), help="regenerate (or check) one client only")
    args = parser.parse_args()

    if not _tools_are_pinned():
        _reexec_in_tools_venv()

    stale = False
    for name, (generate, target) in OUTPUTS.items():
        if args.only not in (None, name):
            continue
        shown = target.relative_to(ROOT).as_posix()
        with tempfile.TemporaryDirectory(prefix="sekha-regen-") as tmp:
            fresh = generate(Path(tmp))
            if args.check:
                report = _diff(fresh, target, shown) if target.exists() else [f"{shown} does not exist\n"]
                if report:
                    sys.stdout.writelines(report)
                    print(f"\nregen: {shown} is stale; run `python scripts/regen.py` and commit the result.")
                    stale = True
                else:
                    print(f"regen: {shown} matches openapi/sekha.yaml")
                continue
            if target.exists():
                shutil.rmtree(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(fresh, target)
            print(f"regen: wrote {shown}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
