"""The apps depend one way: core <- campaigns <- petitions <- outreach (README, "Layout").

import-linter checks every import in the four packages against the contract in pyproject.toml;
an import against the grain fails here. Foreign keys follow the same order (checked below), so
that no model points up a layer either.
"""

import subprocess
import sys
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["core", "campaigns", "petitions", "outreach"]


def test_imports_follow_the_layers():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "pyproject.toml", "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_foreign_keys_point_down_the_layers():
    upward = []
    for model in apps.get_models():
        label = model._meta.app_label
        if label not in LAYERS:
            continue
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model is not None:
                target = field.related_model._meta.app_label
                if target in LAYERS and LAYERS.index(target) > LAYERS.index(label):
                    upward.append(f"{model.__name__}.{field.name} -> {target}")
    assert upward == []
