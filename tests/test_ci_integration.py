"""CI and editors: GitHub workflow commands from `check`, several registries in one call (as
pre-commit passes them), and the pre-commit hooks this repository offers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import BUNDLED, clean_env, invoke

AS_OF = ("--as-of", "2026-07-01")
ROOT = Path(__file__).resolve().parent.parent


def broken_copy(folder: Path, name: str = "broken.toml") -> Path:
    """The bundled registry with one error on a known line: an end before its start."""
    text = BUNDLED.read_text(encoding="utf-8").replace(
        'start = "2017"', 'start = "2030"', 1
    )  # mnbg-lithuania ends 2026-12-31
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


# check --format github


def test_github_format_puts_each_problem_on_its_line(tmp_path):
    path = broken_copy(tmp_path)
    run = invoke(("check", *AS_OF, "--format", "github", str(path)))
    assert run.exit_code == 1
    end = line_of(path, "end = 2026-12-31")
    lines = run.stdout.splitlines()
    expected = f"::error file={path},line={end}::deployment#1.end: end 2026-12-31 is before"
    assert any(line.startswith(expected) for line in lines)
    assert any(line.startswith(f"::warning file={path},line=") for line in lines)
    assert all(line.startswith(("::error ", "::warning ")) for line in lines)
    assert f"{path}: 1 error, 2 warnings" in run.stderr


def test_github_format_gives_a_column_only_where_it_is_known(tmp_path):
    path = tmp_path / "syntax.toml"
    path.write_text('format = 1\ntitle = "x"\nupdated = 2026-06\n', encoding="utf-8")
    run = invoke(("check", "--format", "github", str(path)))
    assert run.exit_code == 1
    assert run.stdout.startswith(f"::error file={path},line=3,col=")
    empty = tmp_path / "empty.toml"
    empty.write_text("format = 1\n", encoding="utf-8")
    run = invoke(("check", "--format", "github", str(empty)))
    assert run.stdout == f"::warning file={empty}::the registry holds no deployments\n"
    empty.write_text("", encoding="utf-8")
    run = invoke(("check", "--format", "github", str(empty)))
    assert run.exit_code == 1
    assert run.stdout.startswith(f"::error file={empty}::no `format` key: a registry begins")


def test_github_format_escapes_what_github_reads_as_syntax(tmp_path):
    folder = tmp_path / "a:b,c"
    folder.mkdir()
    path = folder / "r.toml"
    path.write_text(
        'format = 1\n[[deployment]]\nid = "x"\nname = "n"\nmilestones = [{ due = "2026-Q1", '
        'what = "100% done\\nnext line" }]\n',
        encoding="utf-8",
    )
    run = invoke(("check", *AS_OF, "--format", "github", str(path)))
    line = next(line for line in run.stdout.splitlines() if "milestone 1" in line)
    assert line.startswith(f"::warning file={str(folder).replace(':', '%3A').replace(',', '%2C')}")
    assert "100%25 done%0Anext line" in line
    assert len(run.stdout.splitlines()) == 1


# Several registries in one call


def test_check_takes_several_files_and_exits_with_the_worst(tmp_path):
    good = tmp_path / "good.toml"
    shutil.copy(BUNDLED, good)
    bad = broken_copy(tmp_path)
    missing = tmp_path / "missing.toml"
    run = invoke(("check", *AS_OF, str(good), str(bad)))
    assert run.exit_code == 1
    assert f"{good}: 0 errors, 2 warnings" in run.stderr
    assert f"{bad}: 1 error, 2 warnings" in run.stderr
    run = invoke(("check", *AS_OF, str(missing), str(good)))
    assert run.exit_code == 3 and "missing.toml" in run.stderr
    assert f"{good}: 0 errors, 2 warnings" in run.stderr, "the next file is still checked"
    assert invoke(("check", *AS_OF, str(good), str(good))).exit_code == 0


def test_paths_and_registry_together_are_ambiguous(tmp_path):
    run = invoke(("check", str(BUNDLED), "-r", str(BUNDLED)))
    assert run.exit_code == 2 and "not both" in run.stderr
    assert invoke(("fmt", "--check", str(BUNDLED), "-r", str(BUNDLED))).exit_code == 2


def test_json_checks_one_file_at_a_time(tmp_path):
    run = invoke(("check", "--format", "json", str(BUNDLED), str(BUNDLED)))
    assert run.exit_code == 2 and "one file at a time" in run.stderr
    assert invoke(("check", "--format", "json", *AS_OF, str(BUNDLED))).exit_code == 0


def test_fmt_check_and_fmt_take_several_files(tmp_path):
    canonical = tmp_path / "canonical.toml"
    shutil.copy(BUNDLED, canonical)
    loose = tmp_path / "loose.toml"
    loose.write_text('format = 1\n[[deployment]]\nname = "N"\nid = "x"\n', encoding="utf-8")
    run = invoke(("fmt", "--check", str(canonical), str(loose)))
    assert run.exit_code == 1
    assert f"+++ {loose} (new)" in run.stdout and str(canonical) not in run.stdout
    assert invoke(("fmt", str(canonical), str(loose))).exit_code == 0
    assert loose.read_text(encoding="utf-8").startswith("format = 1\n")
    assert invoke(("fmt", "--check", str(canonical), str(loose))).exit_code == 0


def test_fmt_goes_on_past_a_file_it_cannot_write(tmp_path):
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    for path in (first, second):
        path.write_text('format = 1\n[[deployment]]\nname = "N"\nid = "x"\n', encoding="utf-8")
    run = invoke(("fmt", str(first), str(tmp_path / "missing.toml"), str(second)))
    assert run.exit_code == 3 and "missing.toml" in run.stderr
    assert invoke(("fmt", "--check", str(first), str(second))).exit_code == 0


def test_fmt_with_no_path_still_never_writes_the_bundled_registry():
    run = invoke(("fmt",))
    assert (
        run.exit_code == 2 and BUNDLED.read_bytes() == (ROOT / "data/deployments.toml").read_bytes()
    )


# pre-commit


def test_the_hooks_file_offers_check_and_fmt():
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: oostflank-check\n" in hooks and "entry: oostflank check\n" in hooks
    assert "- id: oostflank-fmt\n" in hooks and "entry: oostflank fmt --check\n" in hooks


def test_pre_commit_runs_the_hooks_on_a_sample_repository(tmp_path):
    """`pre-commit try-repo` installs this repository as a user's hook would and runs both
    hooks on a registry kept in a git repository."""
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    if pre_commit is None or shutil.which("git") is None:
        pytest.skip("pre-commit (a dev dependency) or git is not installed here")
    repo = tmp_path / "sample"
    repo.mkdir()
    env = clean_env(HOME=str(tmp_path), PRE_COMMIT_HOME=str(tmp_path / "cache"))
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@x", GIT_COMMITTER_NAME="t")
    env.update(GIT_COMMITTER_EMAIL="t@x")

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    git("init", "-q")
    broken = broken_copy(repo, "registry.toml")
    loose = repo / "loose.toml"
    loose.write_text('format = 1\n[[deployment]]\nname = "N"\nid = "x"\n', encoding="utf-8")
    canonical = repo / "canonical.toml"
    shutil.copy(BUNDLED, canonical)
    git("add", ".")

    def hook(name: str, path: Path) -> subprocess.CompletedProcess[str]:
        command = [pre_commit, "try-repo", str(ROOT), name, "--files", path.name]
        return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)

    checked = hook("oostflank-check", broken)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    end = line_of(broken, "end = 2026-12-31")
    assert f"registry.toml:{end}: error: deployment#1.end: end 2026-12-31 is bef" in checked.stdout
    assert hook("oostflank-check", canonical).returncode == 0
    reported = hook("oostflank-fmt", loose)
    assert reported.returncode == 1 and "+++ loose.toml (new)" in reported.stdout
    assert hook("oostflank-fmt", canonical).returncode == 0
