#!/usr/bin/env python3
"""Regenerate generated/sekha_api from openapi/sekha.yaml, or check that it is current.

    python scripts/regen.py          # rewrite generated/sekha_api
    python scripts/regen.py --check  # regenerate into a temporary directory, diff, exit 1 on drift

The generator and the formatter it runs are pinned: when this interpreter does not have exactly
those versions, the script builds a private virtual environment under .cache/regen/ once and
runs itself there, so every machine produces byte-identical output.

The templates under openapi/templates/ replace the generator's own of the same name (see the
comment atop each); besides its output the package gets `py.typed` and `contract.json` (the spec
as JSON), which the sekha transport reads for each operation's `x-sekha-retry` class.
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

GENERATOR = ("openapi-python-client", "0.29.1")
FORMATTER = ("ruff", "0.17.6")

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "sekha.yaml"
CONFIG = ROOT / "openapi" / "generator-config.yaml"
TEMPLATES = ROOT / "openapi" / "templates"  # the generator templates we override, by their stock names
TARGET = ROOT / "generated" / "sekha_api"
TOOLS_VENV = ROOT / ".cache" / "regen"
PACKAGE = "sekha_api"


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


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def _diff(expected: Path, actual: Path) -> list[str]:
    """Readable differences between the fresh output and the committed tree."""
    report: list[str] = []
    new, committed = _files(expected), _files(actual)
    for name in sorted(new - committed):
        report.append(f"missing from generated/: {name}\n")
    for name in sorted(committed - new):
        report.append(f"not produced by the generator: {name}\n")
    for name in sorted(new & committed):
        if filecmp.cmp(expected / name, actual / name, shallow=False):
            continue
        report.extend(
            difflib.unified_diff(
                (actual / name).read_text().splitlines(keepends=True),
                (expected / name).read_text().splitlines(keepends=True),
                fromfile=f"generated/{PACKAGE}/{name} (committed)",
                tofile=f"generated/{PACKAGE}/{name} (from openapi/sekha.yaml)",
            )
        )
    return report


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="fail with a diff when generated/ is stale")
    args = parser.parse_args()

    if not _tools_are_pinned():
        _reexec_in_tools_venv()

    with tempfile.TemporaryDirectory(prefix="sekha-regen-") as tmp:
        fresh = _generate(Path(tmp))
        if args.check:
            report = _diff(fresh, TARGET) if TARGET.exists() else [f"generated/{PACKAGE} does not exist\n"]
            if report:
                sys.stdout.writelines(report)
                print("\nregen: generated/ is stale; run `python scripts/regen.py` and commit the result.")
                return 1
            print("regen: generated/ matches openapi/sekha.yaml")
            return 0
        if TARGET.exists():
            shutil.rmtree(TARGET)
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(fresh, TARGET)
        print(f"regen: wrote {TARGET.relative_to(ROOT)}")
        return 0


if __name__ == "__main__":
    sys.exit(main())
