"""The copy-paste snippets of the CLI, MCP and LangChain guides run as written (issue 13)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.live import ServerProcess

DOCS = Path(__file__).resolve().parents[2] / "docs"


def blocks(page: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", (DOCS / page).read_text(encoding="utf-8"), re.S)


def test_the_cli_lifecycle_block_runs_against_a_local_controller(tmp_path: Path) -> None:
    script = next(b for b in blocks("cli.md", "bash") if "sekha show" in b)
    server = ServerProcess(tmp_path / "data", embedder="hashing").start()
    try:
        env = {
            **os.environ,
            "SEKHA_BASE_URL": server.base_url,
            "SEKHA_API_KEY": server.api_key,
            "SEKHA_CONFIG": str(tmp_path / "config.toml"),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",  # the installed `sekha`
        }
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    finally:
        server.stop()
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "[Ops] /team/ops" in out and "user: Staging is read-only on Fridays" in out
    for verb in ("Pinned", "Unpinned", "Archived", "Unarchived", "Deleted"):
        assert f"{verb} " in out
    assert "imported 1, skipped 0 already imported" in out
    assert out.rstrip().splitlines()[-1].endswith("[Ops:archive] /team/ops")  # restored by the import


def test_the_mcp_program_snippet_runs() -> None:
    code = next(b for b in blocks("mcp.md", "python") if "build_server" in b)
    body = "\n".join(line for line in code.splitlines() if not line.startswith(("from ", "import ")))
    imports = "\n".join(line for line in code.splitlines() if line.startswith(("from ", "import ")))
    namespace: dict[str, object] = {}
    exec(f"{imports}\nasync def main():\n{textwrap.indent(body, '    ')}\n    return result\n", namespace)  # noqa: S102
    result = asyncio.run(namespace["main"]())  # type: ignore[operator]
    assert not result.is_error and "I drink green tea." in json.dumps(result.structured_content)  # type: ignore[attr-defined]


@pytest.mark.parametrize("page", ["langchain.md"])
def test_the_python_snippet_runs_as_written(page: str) -> None:
    (code,) = blocks(page, "python")
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Hi, I'm Ada. -> Nice to meet you, Ada.",
        "What's my name, Ada or Bea? -> Your name is Ada.",
        "4",
    ]


def test_the_readme_memory_snippet_runs() -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    code = next(b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "add_messages" in b)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("[user:alice · /agents/chef · ")
    assert "user: I'm vegetarian: what food should I order for dinner?" in lines
    assert lines[-1].endswith(" tokens") and int(lines[-1].split()[0]) <= 500
