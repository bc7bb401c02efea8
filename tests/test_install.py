"""The bundled page must travel inside the wheel, so a plain `pip install .` finds it anywhere."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {result.stderr.strip()[-300:]}")
    (path,) = out.glob("*.whl")
    return path


def test_wheel_ships_the_bundled_page(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "mfa_cli/data/000_44ea932a387847fd.txt" in names


def test_installed_package_reads_the_bundled_page_from_another_directory(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "MFA_DATA"}
    env.update(PYTHONPATH=str(site), MFA_CACHE_DIR=str(tmp_path / "cache"))
    result = subprocess.run([sys.executable, "-m", "mfa_cli", "list", "--format", "json"], cwd=elsewhere,
                            env=env, capture_output=True, text=True, check=True)
    items = json.loads(result.stdout)
    assert len(items) == 11 and len({i["id"] for i in items}) == 11
    assert items[0]["sources"][0]["path"].startswith(str(site))
