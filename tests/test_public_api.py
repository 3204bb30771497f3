"""The package's public face."""

from __future__ import annotations

import enum
import importlib
import inspect
from pathlib import Path

import attrs
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


def _source_tree(module_name: str):
    import ast

    module = importlib.import_module(module_name)
    return ast.parse(Path(module.__file__).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", PACKAGE_MODULES)
def test_nothing_public_is_reexported_from_a_private_module(name):
    import ast

    exported = set(importlib.import_module(name).__all__)
    reexported = [
        (node.module, alias.asname or alias.name)
        for node in ast.walk(_source_tree(name))
        if isinstance(node, ast.ImportFrom)
        and node.module is not None
        and any(part.startswith("_") for part in node.module.split(".")[1:])
        for alias in node.names
        if (alias.asname or alias.name) in exported
    ]
    assert reexported == []


@pytest.mark.parametrize("name", PACKAGE_MODULES)
def test_every_public_class_and_function_a_module_defines_is_in_its_all(name):
    module = importlib.import_module(name)
    defined = {
        attr
        for attr, obj in vars(module).items()
        if not attr.startswith("_")
        and (inspect.isclass(obj) or inspect.isfunction(obj))
        and obj.__module__ == name
    }
    assert sorted(defined - set(module.__all__)) == []


def _models_of_a_community_file() -> set[type]:
    import typing

    from neighborly.community import Community

    found: set[type] = set()
    pending = [Community]
    while pending:
        cls = pending.pop()
        if cls in found:
            continue
        found.add(cls)
        if not attrs.has(cls):
            continue
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            if not field.init:
                continue
            stack = [hints[field.name]]
            while stack:
                kind = stack.pop()
                stack.extend(typing.get_args(kind))
                if isinstance(kind, type) and (attrs.has(kind) or issubclass(kind, enum.Enum)):
                    pending.append(kind)
    return found


def test_every_model_of_a_community_file_is_importable_from_its_module_and_listed():
    models = _models_of_a_community_file()
    assert len(models) > 60
    unlisted = []
    for cls in models:
        module = importlib.import_module(cls.__module__)
        private = any(part.startswith("_") for part in cls.__module__.split("."))
        if (
            private
            or cls.__name__ not in module.__all__
            or getattr(module, cls.__name__) is not cls
        ):
            unlisted.append(f"{cls.__module__}.{cls.__name__}")
    assert sorted(unlisted) == []


def test_the_package_face_is_short():
    assert neighborly.__all__ == [
        "Community",
        "Conflict",
        "IllegalTransition",
        "InvalidInput",
        "Lang",
        "NeighborlyError",
        "NotFound",
        "Problem",
        "Reason",
        "Refused",
        "Report",
        "Text",
        "Verdict",
        "__version__",
        "dumps",
        "load",
        "load_community",
        "loads",
        "sample_community",
        "structure",
        "unstructure",
    ]
    with pytest.raises(AttributeError, match="no attribute 'check_grids'"):
        neighborly.check_grids  # noqa: B018 - the attribute access is the test


def test_importing_the_package_loads_no_module_of_it_until_a_name_is_used():
    import subprocess
    import sys

    probe = (
        "import sys, neighborly\n"
        "print(sorted(m for m in sys.modules if m.startswith('neighborly')))\n"
        "neighborly.Verdict\n"
        "print('neighborly.verdicts' in sys.modules, 'neighborly.community' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.splitlines() == ["['neighborly']", "True False"]


def test_no_module_imports_a_private_name_of_another_public_module():
    # a private name is its module's own business; what another module needs is public
    import ast

    root = Path(neighborly.__file__).parent
    borrowed = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith(
                "neighborly"
            ):
                continue
            parts = node.module.split(".")
            private_module = any(part.startswith("_") for part in parts)
            folder = root.joinpath(*parts[1:])
            borrowed.extend(
                f"{path.relative_to(root)}: {node.module}.{alias.name}"
                for alias in node.names
                if alias.name.startswith("_")
                and not alias.name.endswith("__")
                and not private_module
                and not (folder / f"{alias.name}.py").exists()  # a private module itself
            )
    assert borrowed == []
