"""Loading the research scripts of corpora/ (not a package) as modules for their tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def corpus_script(name: str) -> ModuleType:
    """corpora/NAME.py imported as module NAME."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "corpora" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
