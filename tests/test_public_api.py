"""The package's public face."""

from __future__ import annotations

import importlib

import pytest

import neighborly

from builders import PACKAGE_MODULES


def _isort_key(name: str) -> tuple[int, str]:
    """Constants, then classes, then functions, each alphabetical (ruff's RUF022 order)."""
    if name.isupper() and len(name) > 1:
        return (0, name)
    return (1 if name[:1].isupper() else 2, name)


@pytest.mark.parametrize("name", PACKAGE_MODULES)
def test_every_name_in_all_resolves_and_all_is_sorted(name):
    module = importlib.import_module(name)
    assert list(module.__all__) == sorted(module.__all__, key=_isort_key)
    for attr in module.__all__:
        assert getattr(module, attr) is not None


def test_the_package_is_typed():
    from importlib import resources

    assert resources.files("neighborly").joinpath("py.typed").is_file()


def test_shared_ground_imports_no_domain_module():
    import ast
    from pathlib import Path

    root = Path(neighborly.__file__).parent
    for shared in ("errors.py", "verdicts.py", "_text.py", "_checks.py", "serialization.py"):
        tree = ast.parse((root / shared).read_text(encoding="utf-8"))
        top_level = [
            node.module
            for node in tree.body
            if isinstance(node, ast.ImportFrom) and node.module is not None
        ]
        assert not any(m in ("neighborly.places", "neighborly.grids") for m in top_level), shared


def test_nothing_imports_the_command_line():
    from pathlib import Path

    root = Path(neighborly.__file__).parent
    for path in root.glob("*.py"):
        if path.name in ("cli.py", "__main__.py"):
            continue
        assert "neighborly.cli" not in path.read_text(encoding="utf-8"), path.name
