"""Project automation: plain `nox` runs exactly what CI runs.

nox                 # every session below (tests, lint, typecheck, contract drift, js, vscode)
nox -s tests        # the test suite only; pass pytest arguments after --
nox -s js           # the TypeScript SDK in js/: build, types, lint, unit/live/pack tests, drift
nox -s vscode       # the VS Code extension: lint, types, unit tests, .vsix, e2e in code-server
nox -s quickstart   # the README's quickstart against an embedded local controller
"""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck", "drift", "js", "vscode"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = False

PYTHON = ["3.11"]
LINTED = ["sekha", "tests", "scripts", "benchmarks", "examples", "noxfile.py"]


def _existing(session: nox.Session, paths: list[str]) -> list[str]:
    from pathlib import Path

    return [p for p in paths if Path(session.invoked_from, p).exists()]


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The whole test suite: unit, contract, end-to-end and conformance."""
    session.install("-e", ".[dev]")
    session.run("pytest", *(session.posargs or ["-q"]))


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff over every hand-written file (generated/ is excluded in pyproject.toml)."""
    session.install("ruff==0.17.6")
    paths = _existing(session, LINTED)
    session.run("ruff", "check", *paths)
    session.run("ruff", "format", "--check", *paths)


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy --strict over the hand-written package."""
    session.install("-e", ".[dev]")
    session.run("mypy")


@nox.session(python=PYTHON)
def drift(session: nox.Session) -> None:
    """Generated code and derived sync code must match their sources."""
    session.install("openapi-python-client==0.29.1", "ruff==0.17.6")
    session.run("python", "scripts/regen.py", "--check")
    if _existing(session, ["scripts/unasync.py"]):
        session.run("python", "scripts/unasync.py", "--check")


@nox.session(python=PYTHON)
def js(session: nox.Session) -> None:
    """The TypeScript SDK: npm ci from the lockfile, build, type check, lint, tests, TS drift.

    The live tests start `sekha serve` with this session's Python (SEKHA_PYTHON), so they run
    against the local controller exactly as this checkout has it.
    """
    import os

    session.install("-e", ".[local]", "openapi-python-client==0.29.1", "ruff==0.17.6")
    python = os.path.join(session.bin, "python")
    session.chdir("js")
    session.run("npm", "ci", "--no-audit", "--no-fund", external=True)
    session.run("npm", "run", "build", external=True)
    session.run("npm", "run", "typecheck", external=True)
    session.run("npm", "run", "lint", external=True)
    session.run("npm", "test", external=True, env={"SEKHA_PYTHON": python})
    session.chdir("..")
    session.run("python", "scripts/regen.py", "--check", "--only", "typescript")


@nox.session(python=PYTHON)
def vscode(session: nox.Session) -> None:
    """The VS Code extension (vscode/): lint, type check, unit tests against a live `sekha serve`,
    the .vsix, and the end-to-end suite in code-server driven through headless Chromium.

    Needs Node 20; the e2e suite's Debian packages (Chromium, ripgrep, libkrb5-dev, a C++
    toolchain) are installed by scripts/system-packages.sh when missing. The e2e tools are
    installed before linting, which type-checks the e2e suite too.
    """
    from pathlib import Path

    session.run("bash", "scripts/system-packages.sh", external=True)
    session.install("-e", ".[local]")  # the local controller the tests run against
    root = Path(session.invoked_from)
    env = {"SEKHA_PYTHON": str(Path(session.bin) / "python")}
    session.chdir(root / "js")  # the SDK the extension bundles
    session.run("npm", "ci", "--no-audit", "--no-fund", external=True)
    session.run("npm", "run", "build", external=True)
    session.chdir(root / "vscode")
    session.run("npm", "ci", "--no-audit", "--no-fund", external=True)
    session.run("bash", "e2e/install.sh", external=True)
    session.run("npm", "run", "lint", external=True)
    session.run("npm", "run", "typecheck", external=True)
    session.run("npm", "test", external=True, env=env)
    session.run("npm", "run", "package", external=True)
    session.run("npm", "run", "test:e2e", external=True, env=env)


@nox.session(python=PYTHON)
def quickstart(session: nox.Session) -> None:
    """The README's main job, in an isolated environment."""
    session.install("-e", ".[local]")
    session.run("python", "examples/quickstart.py")
