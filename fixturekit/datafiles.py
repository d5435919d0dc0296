"""Sample texts kept as data: YAML files under ``fixturekit/data/``, read by the builders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_yaml(name: str) -> Any:
    """The parsed ``fixturekit/data/<name>.yaml``: ``read_yaml("sample_production/policy")``."""
    return yaml.safe_load((DATA_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
