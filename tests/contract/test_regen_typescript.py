"""The TypeScript step of scripts/regen.py: its retry table and its drift report.

`test_generated.py::test_regen_check_passes` runs the whole `regen.py --check`, which regenerates
js/src/generated too; these check the pieces that make that check mean something.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
JS_GENERATED = ROOT / "js" / "src" / "generated"


def _regen() -> ModuleType:
    spec = importlib.util.spec_from_file_location("regen", ROOT / "scripts" / "regen.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_retry_table_is_the_contracts_x_sekha_retry() -> None:
    regen = _regen()
    contract = json.loads((ROOT / "generated" / "sekha_api" / "contract.json").read_text(encoding="utf-8"))
    table = regen._retry_table_typescript(contract)
    assert (JS_GENERATED / "retry-classes.gen.ts").read_text(encoding="utf-8") == table
    operations = [
        (method.upper(), path, operation["x-sekha-retry"])
        for path, item in contract["paths"].items()
        for method, operation in item.items()
        if method in regen.HTTP_METHODS
    ]
    real = [
        op for path, item in contract["paths"].items() for m, op in item.items() if m in regen.HTTP_METHODS
    ]
    assert len([op for op in real if "x-sekha-extension" not in op]) == 26  # the real controller's
    for method, path, retry_class in operations:
        assert f"  ['{method}', '{path}', '{retry_class}'],\n" in table
    assert "['POST', '/api/v1/conversations', 'unsafe']" in table


def test_drift_report_names_hand_edits_and_stray_files(tmp_path: Path) -> None:
    regen = _regen()
    fresh, committed = tmp_path / "fresh", tmp_path / "committed"
    shutil.copytree(JS_GENERATED, fresh)
    shutil.copytree(JS_GENERATED, committed)
    assert regen._diff(fresh, committed, "js/src/generated") == []

    sdk = committed / "sdk.gen.ts"
    sdk.write_text(sdk.read_text(encoding="utf-8") + "// edited by hand\n", encoding="utf-8")
    (committed / "stray.ts").write_text("export {};\n", encoding="utf-8")
    (fresh / "client.gen.ts").rename(fresh / "renamed.gen.ts")
    report = "".join(regen._diff(fresh, committed, "js/src/generated"))

    assert "+++ js/src/generated/sdk.gen.ts (from openapi/sekha.yaml)" in report
    assert "-// edited by hand" in report
    assert "not produced by the generator: js/src/generated/stray.ts" in report
    assert "not produced by the generator: js/src/generated/client.gen.ts" in report
    assert "missing from js/src/generated/: renamed.gen.ts" in report
