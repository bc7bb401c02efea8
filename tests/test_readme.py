"""Every `mfa` example in the README's Usage section runs as written on the bundled page."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def usage_examples() -> list[str]:
    text = README.read_text(encoding="utf-8")
    usage = text.split("## Usage", 1)[1].split("\n## ", 1)[0]
    usage = usage.split("Point mfa at your own snapshots", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", usage, re.S)
    return [line for block in blocks for line in block.splitlines() if line.startswith("mfa ")]


def test_readme_has_enough_examples():
    examples = usage_examples()
    assert len(examples) >= 8
    for command in ("list", "show", "search", "stats", "sources"):
        assert any(e.startswith(f"mfa {command}") for e in examples), command
    assert any("| jq" in e for e in examples) and any("| wc" in e for e in examples)
    assert any("--format csv" in e for e in examples) and any("| sort" in e for e in examples)


@pytest.mark.parametrize("example", usage_examples())
def test_readme_example_runs(example, tmp_path):
    if "jq" in example and not shutil.which("jq"):
        pytest.skip("jq is not installed")
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "mfa").exists():
        pytest.skip("the mfa script is not installed beside this Python")
    env = {k: v for k, v in os.environ.items() if k not in ("MFA_DATA", "PAGER", "NO_COLOR", "FORCE_COLOR")}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", MFA_CACHE_DIR=str(tmp_path / "cache"))
    result = subprocess.run(["bash", "-o", "pipefail", "-c", example], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    if ">" in example:
        written = tmp_path / example.rsplit(">", 1)[1].strip()
        assert written.read_text().count("\n") >= 2
    else:
        assert result.stdout.strip()
