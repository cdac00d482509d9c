"""docs/ci.md: its CI examples are current with their one source (tests/ci_examples.py), and
their shell steps, run here with the installed command, do what the page says: fail while a
mandate ends within 60 days and put the Markdown table in the job summary.

These tests run the command without `--as-of`, as CI does: the sample registry is dated from
the day the test runs, so the outcome does not depend on that day."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cogapp import Cog
from support import clean_env

from oostflank.dates import PartialDate
from oostflank.model import Deployment, Registry
from oostflank.store import canonical_text

ROOT = Path(__file__).parent.parent
CI_DOC = ROOT / "docs" / "ci.md"
BIN = Path(sys.executable).parent
needs_command = pytest.mark.skipif(
    not (BIN / "oostflank").exists(), reason="the oostflank command is not installed here"
)


def test_ci_doc_is_current(monkeypatch):
    monkeypatch.chdir(ROOT)
    status = Cog().main(["cog", "--check", "-I", "tests", "docs/ci.md"])
    assert status == 0, "docs/ci.md is stale: run  cog -r -I tests docs/ci.md"


def test_readme_links_the_ci_doc():
    assert "(docs/ci.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def yaml_blocks() -> dict[str, dict[str, object]]:
    """The YAML examples of docs/ci.md, parsed, by the file name in their first line."""
    yaml = pytest.importorskip("yaml")  # PyYAML comes with pre-commit, a dev dependency
    text = CI_DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n# (\S+)\n(.*?)```", text, re.DOTALL)
    return {name: yaml.safe_load(body) for name, body in blocks}


def github_job() -> dict[str, object]:
    workflow = yaml_blocks()[".github/workflows/registry.yml"]
    return workflow["jobs"]["registry"]  # type: ignore[index, no-any-return]


def sample_repository(folder: Path, ends_in_days: int) -> Path:
    """A repository holding one canonical registry whose mandate ends that many days from today."""
    today = dt.date.today()
    deployment = Deployment(
        id="sample-mission",
        name="A sample mission",
        start=PartialDate.of_day(today - dt.timedelta(days=100)),
        end=PartialDate.of_day(today + dt.timedelta(days=ends_in_days)),
    )
    folder.mkdir()
    registry = Registry(title="Sample", deployments=(deployment,))
    (folder / "registry.toml").write_text(canonical_text(registry), encoding="utf-8")
    return folder


def step_env(job_env: dict[str, str], summary: Path) -> dict[str, str]:
    env = clean_env(GITHUB_STEP_SUMMARY=str(summary), **job_env)
    env["PATH"] = os.pathsep.join([str(BIN), env.get("PATH", "")])
    return env


def run_bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """As GitHub runs a `run:` step and GitLab a script line: bash, stopping at the first error."""
    command = ["bash", "-e", "-o", "pipefail", "-c", script]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@needs_command
@pytest.mark.parametrize(("days", "last_exit"), [(30, 1), (200, 0)])
def test_github_steps_fail_on_a_mandate_ending_soon_and_fill_the_summary(tmp_path, days, last_exit):
    repo = sample_repository(tmp_path / "repo", days)
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    job = github_job()
    env = step_env(job["env"], summary)  # type: ignore[arg-type]
    steps = [s for s in job["steps"] if "run" in s and s["name"] != "Install oostflank"]  # type: ignore[attr-defined]
    assert len(steps) == 4
    codes = [run_bash(step["run"], repo, env) for step in steps]
    assert [c.returncode for c in codes] == [0, 0, 0, last_exit], [c.stderr for c in codes]
    table = summary.read_text(encoding="utf-8")
    if days == 30:
        assert "| ID | Name |" in table and "\n| sample-mission | A sample mission |" in table
    else:
        assert "sample-mission" not in table and table.startswith("No mandate ends"), table
    assert codes[0].stdout == "" and codes[1].stdout == ""


@needs_command
def test_github_check_step_annotates_a_broken_registry(tmp_path):
    repo = sample_repository(tmp_path / "repo", 200)
    path = repo / "registry.toml"
    path.write_text(path.read_text(encoding="utf-8") + 'nmae = "typo"\n', encoding="utf-8")
    job = github_job()
    check = next(s for s in job["steps"] if s.get("name") == "Check the registry")  # type: ignore[attr-defined]
    run = run_bash(check["run"], repo, step_env(job["env"], tmp_path / "s.md"))  # type: ignore[arg-type]
    assert run.returncode == 1
    assert run.stdout.startswith("::error file=registry.toml,line="), run.stdout


@needs_command
@pytest.mark.parametrize(("days", "last_exit"), [(30, 1), (200, 0)])
def test_gitlab_script_fails_on_a_mandate_ending_soon_and_keeps_the_table(
    tmp_path, days, last_exit
):
    repo = sample_repository(tmp_path / "repo", days)
    job = yaml_blocks()[".gitlab-ci.yml"]["registry"]
    env = step_env(job["variables"], tmp_path / "unused.md")  # type: ignore[index]
    run = run_bash("\n".join(job["script"]), repo, env)  # type: ignore[index]
    assert run.returncode == last_exit, run.stdout + run.stderr
    table = (repo / "expiring.md").read_text(encoding="utf-8")
    assert ("sample-mission" in table) == (days == 30), table
    assert job["artifacts"]["paths"] == ["expiring.md"]  # type: ignore[index]
