"""The package as users install it: its name, license, dependencies, install hints and import structure."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

import sekha

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CORE = [
    p
    for p in (ROOT / "sekha").rglob("*.py")
    if not {"server", "_cli", "importers", "integrations"} & set(p.relative_to(ROOT / "sekha").parts)
]
HINT = 'pip install "sekha-memory[local]"'
OPTIONAL = {"quicktok": "tokens"}  # imported by the client when installed, never needed


def test_the_distribution_is_sekha_memory_and_imports_as_sekha() -> None:
    assert PYPROJECT["project"]["name"] == "sekha-memory"
    installed = metadata.distribution("sekha-memory")
    assert installed.version == sekha.__version__
    assert Path(sekha.__file__).parent == ROOT / "sekha"  # the import name stays sekha


def test_the_license_file_matches_pyproject() -> None:
    assert PYPROJECT["project"]["license"] == "MIT"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    assert metadata.distribution("sekha-memory").metadata["License-Expression"] == "MIT"


def _third_party_imports(paths: list[Path]) -> set[str]:
    names: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"sekha", "sekha_api"}


def test_every_library_the_client_imports_is_a_declared_dependency() -> None:
    declared = {re.split(r"[<>=\[ ]", d)[0].lower() for d in PYPROJECT["project"]["dependencies"]}
    generated = list((ROOT / "generated" / "sekha_api").rglob("*.py"))
    import_names = {name.removeprefix("python-") for name in declared}  # python-dateutil imports as dateutil
    imported = _third_party_imports(CORE + generated)
    expected = {"httpx", "httpcore", "attrs", "dateutil", "anyio"}
    assert imported - set(OPTIONAL) == import_names == expected


def test_what_the_client_imports_optionally_comes_with_an_extra() -> None:
    """The client works without them (``sekha._tokens`` counts bytes when quicktok is absent)."""
    extras = PYPROJECT["project"]["optional-dependencies"]
    for module, extra in OPTIONAL.items():
        wanted = {re.split(r"[<>=\[ ]", d)[0].lower().replace("-v1", "") for d in extras[extra]}
        assert module in wanted, (module, extra)
    assert _third_party_imports(CORE) & set(OPTIONAL) == {"quicktok"}


def test_no_module_imports_a_name_from_the_package_it_is_part_of() -> None:
    """``from sekha import X`` inside sekha must name a submodule, never something sekha/__init__ defines."""
    submodules = {
        p.stem for p in (ROOT / "sekha").iterdir() if p.suffix == ".py" or (p / "__init__.py").exists()
    }
    for path in (ROOT / "sekha").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "sekha" and node.level == 0:
                names = {alias.name for alias in node.names}
                assert names <= submodules, (path.relative_to(ROOT), names - submodules)


def test_the_clients_use_only_the_generated_public_functions() -> None:
    for path in CORE:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"_get_kwargs|_parse_response|import_module", text), path.relative_to(ROOT)


def _install_commands() -> list[tuple[str, str]]:
    texts = [ROOT / "README.md", *(ROOT / "docs").glob("*.md"), *(ROOT / "sekha").rglob("*.py")]
    texts += [*(ROOT / "examples").glob("*.py"), ROOT / "noxfile.py"]
    found = []
    for path in texts:
        for line in path.read_text(encoding="utf-8").splitlines():
            for command in re.findall(r"pip install [^`\n]*", line):
                found.append((str(path.relative_to(ROOT)), command))
    return found


def test_every_install_hint_names_a_command_that_works() -> None:
    """The PyPI name ``sekha`` is someone else's: hints say sekha-memory, or install this clone."""
    commands = _install_commands()
    assert any(HINT in command for _, command in commands)
    for where, command in commands:
        target = command.split("pip install", 1)[1]
        assert "sekha[" not in target and not re.search(r"\bsekha\b(?!-memory)(?![-\w])", target), (
            where,
            command,
        )
        assert "sekha-memory" in target or re.search(r"-e \"?\.", target) or "nox" in target, (where, command)


def _run_without(module: str, code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter where ``module`` cannot be imported, as without the extra."""
    script = f"import sys\nsys.modules[{module!r}] = None\n{code}"
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT
    )


@pytest.mark.parametrize("client", ["SyncSekhaClient", "SekhaClient", "MemoryController"])
def test_local_without_the_extra_says_how_to_install_it(client: str) -> None:
    code = f"""
from sekha import {client}, SekhaMissingExtraError
try:
    {client}.local()
except SekhaMissingExtraError as exc:
    assert isinstance(exc, ImportError) and exc.name == "uvicorn", exc
    print(exc)
"""
    result = _run_without("uvicorn", code)
    assert result.returncode == 0, result.stderr
    assert "needs the local extra (uvicorn is missing)" in result.stdout
    assert HINT in result.stdout and 'pip install -e ".[local]"' in result.stdout


def test_sekha_serve_without_the_extra_says_how_to_install_it() -> None:
    result = _run_without("uvicorn", "from sekha.cli import main\nraise SystemExit(main(['serve']))")
    assert result.returncode == 2
    assert result.stderr.startswith("sekha serve needs the local extra (uvicorn is missing): " + HINT)
