"""The wheel: built, installed into a fresh virtual environment, run from elsewhere."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from checker import __version__
from tests.conftest import EXAMPLES, ROOT, fresh_venv

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # build from a copy, so nothing (build/, caches) is written into the checkout
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "checker", "schemas", "policies"):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(out),
            str(source),
        ],
        check=True,
        timeout=300,
    )
    [built] = out.glob("llm_choice-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed (its dependencies come from this environment)."""
    env_dir = tmp_path_factory.mktemp("venv")
    # the dependencies, not this checkout: they come after the venv's own site-packages
    python = fresh_venv(env_dir)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
        check=True,
        timeout=300,
    )
    return env_dir


def test_wheel_carries_the_schemas_and_policies(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "checker/_data/schemas/llm-choice.schema.json" in names
    assert "checker/_data/schemas/report.schema.json" in names
    assert any(n.startswith("checker/_data/policies/") for n in names)
    assert "checker/cli.py" in names
    assert "checker/_data/schemas/audit.schema.json" in names
    for template in ("base.html.j2", "record.html.j2", "audit.html.j2"):
        assert f"checker/templates/{template}" in names


def test_installed_cli_runs_from_any_directory(installed: Path, tmp_path: Path) -> None:
    example = tmp_path / "llm-choice.yaml"
    shutil.copy(EXAMPLES[0], example)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=120)

    where = run(str(installed / "bin" / "python"), "-c", "import checker; print(checker.__file__)")
    assert where.stdout.startswith(str(installed)), where.stdout + where.stderr

    version = run(str(installed / "bin" / "llm-choice"), "--version")
    assert version.stdout == f"llm-choice {__version__}\n"

    clean = run(str(installed / "bin" / "llm-choice"), "check")
    assert (clean.returncode, clean.stdout) == (0, "Checked 1 file: no findings.\n"), clean.stderr

    example.write_text(example.read_text().replace("mode: on-prem", "mode: onprem"))
    broken = run(str(installed / "bin" / "python"), "-m", "checker", "check", "llm-choice.yaml")
    assert broken.returncode == 1
    assert "llm-choice.yaml:" in broken.stdout and "did you mean 'on-prem'?" in broken.stdout

    schema = run(str(installed / "bin" / "llm-choice"), "schema")
    assert '"$id": "urn:llm-choice:schema:declaration:1"' in schema.stdout
