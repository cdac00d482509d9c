"""`import oostflank` as a library: the front door's names, what they give and refuse, that they
agree with the commands, that importing costs nothing, and that a user's script type-checks."""

from __future__ import annotations

import datetime as dt
import doctest
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import BUNDLED, BUNDLED_IDS, clean_env, copy_of_bundled, invoke

import oostflank

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 5, 20)


def test_every_public_name_resolves_and_has_a_docstring():
    from oostflank import api

    assert set(oostflank.__all__) - {"__version__"} == set(api.__all__)
    for name in api.__all__:
        value = getattr(oostflank, name)
        assert value.__doc__ and not value.__doc__.startswith(f"{name}("), name
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = oostflank.nope  # type: ignore[attr-defined]
    assert "load" in dir(oostflank)


def test_importing_the_package_loads_nothing_heavy():
    probe = (
        "import sys, datetime as dt\n"
        "import oostflank\n"
        "bare = sorted(m for m in sys.modules if m.startswith('oostflank.'))\n"
        "registry = oostflank.load()\n"
        "oostflank.records(registry, dt.date(2026, 5, 20))\n"
        "oostflank.expiring(registry, dt.date(2026, 5, 20), within='90d')\n"
        "heavy = sorted(m for m in ('typer', 'rich', 'dateutil', 'click') if m in sys.modules)\n"
        "print(bare, heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=clean_env(), timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[] []\n"


def test_load_gives_the_bundled_registry_by_default_and_a_file_when_named(tmp_path):
    bundled = oostflank.load()
    assert [d.id for d in bundled.deployments] == BUNDLED_IDS
    copy = copy_of_bundled(tmp_path)
    assert oostflank.load(copy) == bundled
    assert oostflank.load(str(copy)) == bundled
    assert oostflank.loads(BUNDLED.read_text(encoding="utf-8")) == bundled


BROKEN = """format = 1

[[deployment]]
id = "x"
name = "X"
start = "2026-13"
end = "2025-01"
"""


def test_a_broken_registry_raises_one_error_listing_every_problem_as_check_does(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(oostflank.RegistryError) as caught:
        oostflank.load(path)
    error = caught.value
    assert [(p.file, p.line, p.key_path) for p in error.problems] == [
        (str(path), 6, "deployment#1.start")
    ]
    assert error.problems[0].text == "'2026-13': there is no month 13"
    assert isinstance(error, oostflank.OostflankError)
    checked = invoke(["check", str(path), "--as-of", "2026-05-20"])
    assert checked.exit_code == 1
    assert str(error) + "\n" == checked.stdout


def test_loads_names_the_text_and_counts_its_lines():
    with pytest.raises(oostflank.RegistryError) as caught:
        oostflank.loads(BROKEN, name="pasted.toml")
    assert str(caught.value) == (
        "pasted.toml:6: error: deployment#1.start: '2026-13': there is no month 13"
    )
    with pytest.raises(oostflank.RegistryError) as not_toml:
        oostflank.loads("end = 2026-06\n")
    (problem,) = not_toml.value.problems
    assert (problem.file, problem.line, problem.key_path) == ("<string>", 1, "")
    assert "partial dates are text in TOML" in problem.text


def test_a_missing_file_is_a_registry_error_too(tmp_path):
    with pytest.raises(oostflank.RegistryError) as caught:
        oostflank.load(tmp_path / "nope.toml")
    (problem,) = caught.value.problems
    assert problem.line is None and problem.file == str(tmp_path / "nope.toml")
    assert str(caught.value) == problem.text == f"{tmp_path / 'nope.toml'}: no such file"


def test_records_are_what_status_prints_as_json():
    printed = json.loads(invoke(["status", "--as-of", "2026-05-20", "-f", "json"]).stdout)
    assert oostflank.records(oostflank.load(), AS_OF) == printed


@pytest.mark.parametrize(
    ("window", "args"),
    [
        ({"before": dt.date(2026, 7, 1)}, ["--before", "2026-07-01"]),
        ({"before": "2026-07"}, ["--before", "2026-07"]),
        ({"by": "2026"}, ["--by", "2026"]),
        ({"within": "1y"}, ["--within", "1y"]),
    ],
)
def test_expiring_and_agenda_answer_as_the_commands_do(window, args):
    registry = oostflank.load()
    rows = oostflank.expiring(registry, AS_OF, **window)
    printed = json.loads(invoke(["expiring", *args, "--as-of", "2026-05-20", "-f", "json"]).stdout)
    assert [(r.deployment.id, r.status.value, r.days_left) for r in rows] == [
        (p["id"], p["status"], p["days_left"]) for p in printed
    ]
    events = oostflank.agenda(registry, AS_OF, **window)
    printed = json.loads(invoke(["agenda", *args, "--as-of", "2026-05-20", "-f", "json"]).stdout)
    assert [(e.date.isoformat(), e.deployment.id, e.kind.value) for e in events] == [
        (p["date"], p["deployment"], p["kind"]) for p in printed
    ]


def test_a_window_is_exactly_one_of_before_by_within():
    with pytest.raises(TypeError, match="exactly one"):
        oostflank.expiring(oostflank.load(), AS_OF)
    with pytest.raises(TypeError, match="exactly one"):
        oostflank.agenda(oostflank.load(), AS_OF, before="2026", within="90d")


def test_status_on_and_find():
    registry = oostflank.load()
    amdtf = oostflank.find(registry, "amdtf-poland")
    assert oostflank.status_on(amdtf, AS_OF) is oostflank.Status.ACTIVE
    assert oostflank.status_on(amdtf, dt.date(2026, 7, 1)) is oostflank.Status.UNCONFIRMED
    with pytest.raises(LookupError) as caught:
        oostflank.find(registry, "amdtf")
    assert isinstance(caught.value, oostflank.UnknownDeployment)
    assert str(caught.value) == (
        "no deployment 'amdtf'; did you mean 'amdtf-poland'? (oostflank status lists them all)"
    )


def _mine(tmp_path: Path) -> Path:
    return copy_of_bundled(tmp_path, "mine.toml")


def test_changes_are_pure_and_save_writes_what_the_command_would(tmp_path):
    library, command = _mine(tmp_path), copy_of_bundled(tmp_path, "command.toml")
    before = oostflank.load(library)
    changed = oostflank.add_source(before, oostflank.Source("kst-36045-230"))
    changed = oostflank.extend(
        changed, "amdtf-poland", until="2026-12", decided="2026-06-20", source="kst-36045-230"
    )
    assert before == oostflank.load(library)  # nothing written, nothing changed in place
    assert oostflank.save(changed, library) is True
    assert oostflank.save(changed, library) is False  # the same registry again: left as it is
    assert invoke(["source", "add", "kst-36045-230", "-r", str(command)]).exit_code == 0
    extended = invoke(
        [
            *("extend", "amdtf-poland", "--until", "2026-12", "--decided", "2026-06-20"),
            *("--source", "kst-36045-230", "-r", str(command)),
        ]
    )
    assert extended.exit_code == 0, extended.stderr
    assert library.read_bytes() == command.read_bytes()


def test_every_change_of_the_front_door(tmp_path):
    registry = oostflank.load()
    new = oostflank.Deployment(
        id="new-one", name="A new deployment", sources=("mindef-20260027577",)
    )
    registry = oostflank.add_deployment(registry, new)
    registry = oostflank.add_milestone(
        registry,
        "new-one",
        oostflank.Milestone(due=oostflank.PartialDate.of_day(AS_OF), what="Tell"),
    )
    registry = oostflank.milestone_done(registry, "new-one", 1, on=AS_OF)
    registry = oostflank.end(registry, "new-one", on="2026-05", decided=AS_OF)
    found = oostflank.find(registry, "new-one")
    assert (str(found.end), found.milestones[0].done, len(found.decisions)) == (
        "2026-05",
        oostflank.PartialDate.of_day(AS_OF),
        1,
    )
    path = tmp_path / "new.toml"
    assert oostflank.save(registry, path) is True
    assert oostflank.load(path) == registry


def test_changes_refuse_as_the_commands_do():
    registry = oostflank.load()
    with pytest.raises(oostflank.OostflankError) as unknown_source:
        oostflank.extend(
            registry, "amdtf-poland", until="2027", decided="2026-06-01", source="kst-1-1"
        )
    assert "kst-1-1" in str(unknown_source.value) and "source add" in str(unknown_source.value)
    with pytest.raises(oostflank.OostflankError, match="after today"):
        oostflank.extend(
            registry,
            "amdtf-poland",
            until="2027",
            decided="2026-06-01",
            source="mindef-20260027577",
            today=dt.date(2026, 5, 20),
        )
    with pytest.raises(TypeError, match="not a datetime"):
        oostflank.end(registry, "f35-poland", on=dt.datetime(2025, 12, 1), decided="2025-12")
    with pytest.raises(oostflank.OostflankError, match="no month 13"):
        oostflank.end(registry, "f35-poland", on="2025-13", decided="2025-12")


def test_save_refuses_what_would_lose_or_break_something(tmp_path):
    path = _mine(tmp_path)
    original = path.read_bytes()
    invalid = oostflank.load(path)._replace(format=2)
    with pytest.raises(oostflank.RegistryError) as caught:
        oostflank.save(invalid, path)
    assert [p.key_path for p in caught.value.problems] == ["format"]
    commented = b"# kept by hand\n" + original
    path.write_bytes(commented)
    registry = oostflank.load(path)
    with pytest.raises(oostflank.OostflankError, match="has comments"):
        oostflank.save(registry, path)
    assert path.read_bytes() == commented
    assert oostflank.save(registry, path, drop_comments=True) is True
    assert path.read_bytes() == original
    with pytest.raises(oostflank.OostflankError, match="bundled registry is read-only"):
        oostflank.save(oostflank.load(), BUNDLED)
    assert not list(tmp_path.glob("*.lock")) and not list(tmp_path.glob(".*.tmp"))


# ---------------------------------------------------------------- the README's session


def _sessions() -> list[str]:
    """The README's `pycon` blocks under "Use as a library", in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Use as a library\n", 1)[1].split("\n## ", 1)[0]
    return [block.split("\n```", 1)[0] for block in section.split("```pycon\n")[1:]]


def _run_session(blocks: list[str], folder: Path) -> None:
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    globs: dict[str, object] = {}
    here = os.getcwd()
    os.chdir(folder)
    try:
        for number, block in enumerate(blocks):
            test = parser.get_doctest(block, globs, f"README block {number + 1}", "README.md", 0)
            result = runner.run(test, clear_globs=False)
            assert result.failed == 0, f"README block {number + 1} fails; see the output above"
            globs = test.globs  # the next block goes on from here
    finally:
        os.chdir(here)


def test_the_readme_session_runs_as_shown(tmp_path):
    blocks = _sessions()
    assert len(blocks) == 3
    assert "import pandas" in blocks[1]
    copy_of_bundled(tmp_path, "mine.toml")
    _run_session([blocks[0], blocks[2]], tmp_path)
    written = oostflank.load(tmp_path / "mine.toml")
    assert str(oostflank.find(written, "amdtf-poland").end) == "2026-12"


def test_the_readme_dataframe_line_where_pandas_is_installed(tmp_path):
    pytest.importorskip("pandas")
    _run_session(_sessions()[:2], tmp_path)


# ---------------------------------------------------------------- types

USER_SCRIPT = """\
import datetime as dt

import oostflank


def ending_soon(path: str, as_of: dt.date) -> list[tuple[str, int | None]]:
    registry: oostflank.Registry = oostflank.load(path)
    rows = oostflank.expiring(registry, as_of, within="90d")
    return [(row.deployment.id, row.days_left) for row in rows]


def first_end(registry: oostflank.Registry) -> dt.date | None:
    deployment: oostflank.Deployment = oostflank.find(registry, "mnbg-lithuania")
    end: oostflank.PartialDate | None = deployment.end
    return None if end is None else end.last


try:
    oostflank.loads("format = 1")
except oostflank.RegistryError as error:
    lines: list[str] = [problem.text for problem in error.problems]
records: list[dict[str, object]] = oostflank.records(oostflank.load(), dt.date(2026, 5, 20))
"""


def test_a_users_script_passes_mypy_strict(tmp_path):
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent))
    if mypy is None:
        pytest.skip("mypy (a dev dependency) is not installed here")
    script = tmp_path / "user.py"
    script.write_text(USER_SCRIPT, encoding="utf-8")
    wrong = tmp_path / "wrong.py"
    wrong.write_text("import oostflank\n\nx: int = oostflank.load()\n", encoding="utf-8")
    env = {**clean_env(), "MYPY_CACHE_DIR": str(tmp_path / "cache")}
    run = [mypy, "--strict", "--no-incremental"]
    done = subprocess.run(
        [*run, str(script)], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert done.returncode == 0, done.stdout + done.stderr
    refused = subprocess.run(
        [*run, str(wrong)], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert refused.returncode == 1 and 'has type "Registry"' in refused.stdout
