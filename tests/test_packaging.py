"""What a user installs: the wheel's metadata, a clean install, and the sdist.

The sdist and the wheel are built here from the working tree (with the build tools
of the test group, no download).  The clean install takes neighborly's own
dependencies from the package index, as a user's would.
"""

from __future__ import annotations

import email
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from email.message import Message
from pathlib import Path

import pytest

import neighborly

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--no-isolation", "-o", out, ROOT],
        check=True,
        capture_output=True,
    )
    return out


def _wheel_metadata(built: Path) -> Message:
    (wheel,) = built.glob("neighborly-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.message_from_bytes(archive.read(name))


def test_the_version_is_written_once_and_the_wheel_carries_it(built: Path):
    assert "\nversion =" not in (ROOT / "pyproject.toml").read_text()
    assert _wheel_metadata(built)["Version"] == neighborly.__version__


def test_the_published_metadata_holds_what_a_user_needs_and_nothing_of_ours(built: Path):
    meta = _wheel_metadata(built)
    # the extras a user may want; the tools for working on neighborly are groups
    assert set(meta.get_all("Provides-Extra") or []) == {"fast", "ical", "dask", "postgres"}
    requires = meta.get_all("Requires-Dist") or []
    # the zone database on every platform, not only Windows
    assert "tzdata>=2023.3" in requires
    assert not any(re.match(r"(pytest|mypy|mkdocs|pydantic)\b", r) for r in requires)
    assert meta.get_all("Project-URL")
    assert "Party organisation" in meta["Summary"]
    shown = {c for c in meta.get_all("Classifier") or [] if c.startswith("Programming Language")}
    assert f"Programming Language :: Python :: 3.{sys.version_info.minor}" in shown


def _git_files(*options: str) -> set[str]:
    git = shutil.which("git")
    if not (ROOT / ".git").exists() or git is None:
        pytest.skip("run from an unpacked sdist: no git checkout to compare it with")
    listed = subprocess.run(
        [git, "ls-files", *options], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return set(listed.splitlines())


def _unpacked(built: Path) -> Path:
    (sdist,) = built.glob("neighborly-*.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(built / "unpacked", filter="data")
    (tree,) = (built / "unpacked").iterdir()
    return tree


def test_the_sdist_is_the_repository_as_git_holds_it(built: Path):
    (sdist,) = built.glob("neighborly-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert _git_files() <= names
    # and nothing else, but files not yet added to git (none on a clean clone)
    assert names - _git_files() - _git_files("--others", "--exclude-standard") == {"PKG-INFO"}


def test_the_sdist_runs_the_tests_and_builds_the_docs(built: Path, tmp_path: Path):
    tree = _unpacked(built)
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    env.pop("NEIGHBORLY_FUZZ", None)
    ran = subprocess.run(
        # a slice of the suite: the package's face, a model module, the README's blocks
        [*PYTEST, "tests/test_public_api.py", "tests/test_money.py", "README.md"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    assert re.search(r"\d+ passed", ran.stdout)
    where = subprocess.run(
        [sys.executable, "-c", "import neighborly; print(neighborly.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert Path(where.strip()).is_relative_to(tree)
    docs = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", tmp_path / "site"],
        cwd=tree,
        env={**env, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert docs.returncode == 0, docs.stderr[-3000:]
    assert (tmp_path / "site" / "index.html").exists()


def _readme_example() -> str:
    (first, *_) = re.findall(r"```python\n(.*?)```", README.read_text(), re.DOTALL)
    return first


def test_a_clean_install_needs_no_system_zone_database(built: Path, tmp_path: Path):
    """The wheel in a new environment (its dependencies from the index), with the
    system's zone database hidden: the README's example runs."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    python = venv / "bin" / "python"
    (wheel,) = built.glob("neighborly-*.whl")
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel],
        check=True,
        capture_output=True,
    )
    empty = tmp_path / "no-zones"
    empty.mkdir()
    script = tmp_path / "readme_example.py"
    script.write_text(_readme_example())
    ran = subprocess.run(
        [python, "-c", "import zoneinfo; print(zoneinfo.TZPATH)"],
        env={"PYTHONTZPATH": str(empty), "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        check=True,
    )
    assert ran.stdout.strip() == repr((str(empty),))
    ran = subprocess.run(
        [python, script],
        cwd=tmp_path,
        env={"PYTHONTZPATH": str(empty), "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert "grids.size" in ran.stdout
