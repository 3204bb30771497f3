"""The package's public face."""

from __future__ import annotations

import importlib

import pytest

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
