"""At home in a shell: completion through typer's protocol (the environment variables bash, zsh
and fish set), `--install-completion`, `--color`, and a help line for every option."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import (
    BUNDLED,
    BUNDLED_IDS,
    clean_env,
    command_tree,
    copy_of_bundled,
    invoke,
    program,
)


def oostflank(
    *args: str, cwd: Path | None = None, **env: str | None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "oostflank", *args],
        capture_output=True,
        text=True,
        env=clean_env(**env),
        cwd=cwd,
        timeout=60,
    )


def bash(line: str, **env: str | None) -> list[str]:
    """What bash's completion function gets for `line`, the cursor at its end. Nothing may
    reach stderr: the shell would print it in the middle of the line being typed."""
    words = line.split(" ")
    done = oostflank(
        _OOSTFLANK_COMPLETE="complete_bash", COMP_WORDS=line, COMP_CWORD=str(len(words) - 1), **env
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return done.stdout.split()


def zsh(line: str, **env: str | None) -> str:
    done = oostflank(_OOSTFLANK_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS=line, **env)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return done.stdout


def test_commands_and_options_complete():
    assert bash("oostflank sta") == ["status", "start"]
    assert bash("oostflank stat") == ["status"]
    assert {"status", "show", "milestone", "news", "export"} <= set(bash("oostflank "))
    assert bash("oostflank milestone ") == ["add", "done"]
    assert "--active" in bash("oostflank status --")
    # the options that may come before the command are offered there too
    assert {"--registry", "--lang", "--color", "--as-of", "--version"} <= set(bash("oostflank --"))


@pytest.mark.parametrize(
    ("command", "formats"),
    [
        ("status", ["table", "json", "csv", "markdown", "html", "svg"]),
        ("show", ["table", "json", "markdown", "html", "svg"]),
        ("timeline", ["table", "html", "svg"]),
        ("check", ["text", "json", "github"]),
        ("news", ["table", "json", "csv", "markdown"]),
    ],
)
def test_each_command_completes_its_own_formats(command, formats):
    assert bash(f"oostflank {command} --format ") == formats
    assert bash(f"oostflank {command} -f j") == [f for f in formats if f.startswith("j")]


def test_lang_and_color_values_complete_after_and_before_the_command():
    assert bash("oostflank status --lang ") == ["en", "nl"]
    assert bash("oostflank --lang ") == ["en", "nl"]
    assert bash("oostflank extend --color ") == ["auto", "always", "never"]
    assert bash("oostflank --color a") == ["auto", "always"]


def test_ids_sources_and_milestones_come_from_the_bundled_registry():
    assert bash("oostflank show ") == BUNDLED_IDS
    assert bash("oostflank end mq") == ["mq9-romania"]
    assert "kst-36045-212" in bash("oostflank extend mnbg-lithuania --source ")
    assert bash("oostflank milestone done mnbg-lithuania ") == ["1"]
    assert bash("oostflank milestone done baltic-sentry ") == []


def _renamed(folder: Path) -> Path:
    """A registry whose first deployment has another id, to tell it from the bundled one."""
    path = copy_of_bundled(folder)
    path.write_text(path.read_text(encoding="utf-8").replace("mnbg-lithuania", "mnbg-lt"), "utf-8")
    return path


def test_the_registry_in_use_is_read(tmp_path):
    own = _renamed(tmp_path)
    assert bash(f"oostflank show -r {own} mnbg") == ["mnbg-lt"]
    assert bash(f"oostflank -r {own} show mnbg") == ["mnbg-lt"]  # before the command
    assert bash(f"oostflank --registry={own} milestone done mnbg-lt ") == ["1"]
    assert bash("oostflank show mnbg", OOSTFLANK_REGISTRY=str(own)) == ["mnbg-lt"]
    # -r wins over the environment, as in a real call
    assert bash(f"oostflank show -r {BUNDLED} mnbg", OOSTFLANK_REGISTRY=str(own)) == [
        "mnbg-lithuania"
    ]


@pytest.mark.parametrize(
    "content",
    [b"this is [not toml", b"\xff\xfe not utf-8", b"format = 1\n[[deployments]]\nid = 'BAD ID'\n"],
    ids=["not-toml", "not-utf8", "invalid"],
)
def test_a_broken_registry_completes_nothing_and_says_nothing(tmp_path, content):
    broken = tmp_path / "broken.toml"
    broken.write_bytes(content)
    for line in (f"oostflank show -r {broken} ", f"oostflank -r {broken} end m"):
        assert bash(line) == []
    assert bash("oostflank milestone done mnbg-lithuania ", OOSTFLANK_REGISTRY=str(broken)) == []
    assert bash(f"oostflank extend x -r {tmp_path / 'missing.toml'} --source ") == []
    assert zsh(f"oostflank show -r {broken} ").strip() == "_files"  # zsh: "nothing of ours"


def test_zsh_and_fish_get_ids_with_names():
    answer = zsh("oostflank show mq")
    assert answer.startswith("_arguments ") and '"mq9-romania":"MQ-9 Reaper' in answer
    fish = oostflank(
        _OOSTFLANK_COMPLETE="complete_fish",
        _TYPER_COMPLETE_FISH_ACTION="get-args",
        _TYPER_COMPLETE_ARGS="oostflank show mq",
    )
    assert fish.stdout.startswith("mq9-romania\tMQ-9 Reaper") and fish.stderr == ""


# TOML text: decoded, backslashes before `$(` and quotes, a backtick, an escape code
EVIL_TOML = r"""Evil' \\$(touch pwned1) \\`touch pwned2` \u001b[31m \\\"(x\\\" ;|& *"""


def _evil_registry(tmp_path: Path) -> Path:
    """The bundled registry with a name, a source title and a milestone that try shell syntax
    (backslashes before `$(`, a backtick, quotes, brackets, escape codes), and a source id
    that would be run once inserted."""
    own = copy_of_bundled(tmp_path)
    text = own.read_text(encoding="utf-8")
    for quoted in ('"MQ-9 Reaper deployment from Romania"', '"Kamerbrief 29 521, nr. 481"'):
        text = text.replace(quoted, f'"{EVIL_TOML}"')
    text += '\n[[source]]\nid = "b;reboot|&"\ntitle = "x"\n'
    own.write_text(text, "utf-8")
    assert "mq9-romania" in bash(f"oostflank show -r {own} mq")  # the registry is read
    return own


def test_registry_text_cannot_act_on_the_shell(tmp_path):
    """zsh evaluates the answer: the help beside a value keeps no character a shell reads."""
    own = _evil_registry(tmp_path)
    for line in (f"oostflank show -r {own} ", f"oostflank extend mq9-romania -r {own} --source "):
        answer = zsh(line)
        inner = answer.split("((", 1)[1].rsplit("))", 1)[0]
        assert not set(inner) & set("\\$`'\x1b()[];|&*"), answer
        assert inner.count('"') % 2 == 0


def test_a_value_with_shell_syntax_is_not_offered(tmp_path):
    own = _evil_registry(tmp_path)
    offered = bash(f"oostflank extend mq9-romania -r {own} --source ")
    assert "kst-29521-481" in offered and not [v for v in offered if ";" in v]


def test_unknown_instruction_and_bad_words_print_no_traceback():
    done = oostflank(_OOSTFLANK_COMPLETE="complete_tcsh")
    assert done.returncode == 1 and done.stdout == "" and done.stderr == ""
    done = oostflank(_OOSTFLANK_COMPLETE="complete_bash", COMP_WORDS='oostflank "', COMP_CWORD="x")
    assert done.returncode == 1 and done.stderr == ""


def test_show_completion_prints_the_script():
    done = oostflank("--show-completion", _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION=None)
    assert done.returncode == 0, done.stderr
    assert "_OOSTFLANK_COMPLETE" in done.stdout and "oostflank" in done.stdout


@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        (("--show-completion", "zsh"), "#compdef oostflank"),
        (("--show-completion=fish",), "complete --command oostflank"),
        (("--show-completion", "bash"), "_oostflank_completion() {"),
    ],
)
def test_show_completion_prints_the_script_of_the_shell_named(args, first_line):
    done = oostflank(*args)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith(first_line) and "_OOSTFLANK_COMPLETE" in done.stdout


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (("--show-completion", "zsh", "extra"), "--show-completion takes one shell name, then"),
        (("--install-completion=zsh", "x"), "--install-completion takes one shell name, then"),
        (("--show-completion", ""), "--show-completion: '' is not one of bash, zsh, fish"),
    ],
)
def test_words_after_the_shell_are_refused_not_ignored(args, stderr, tmp_path):
    done = oostflank(*args, HOME=str(tmp_path))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"oostflank: {stderr}") and done.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []  # nothing installed


def test_options_before_the_completion_option_change_nothing():
    done = oostflank("--lang", "nl", "-r", "x.toml", "--show-completion", "zsh")
    assert done.returncode == 0 and done.stdout.startswith("#compdef oostflank")


@pytest.mark.parametrize("home", ["", "relative/home"])
def test_install_completion_without_a_home_folder_is_refused(home, tmp_path):
    done = oostflank("--install-completion", "bash", HOME=home, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert f"HOME is {home!r}, not a folder" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_install_completion_whose_summary_cannot_be_printed(tmp_path):
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "oostflank", "--install-completion", "zsh"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=clean_env(HOME=str(tmp_path)),
            timeout=60,
        )
    assert done.returncode == 74, done.stderr
    assert done.stderr == "oostflank: could not write to standard output: No space left on device\n"
    assert (tmp_path / ".zfunc" / "_oostflank").exists()


def test_a_shell_without_completion_is_refused():
    done = oostflank("--show-completion", "tcsh")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "oostflank: --show-completion: 'tcsh' is not one of bash, zsh, fish\n"


def test_install_completion_for_a_named_shell(tmp_path):
    done = oostflank("--install-completion", "fish", HOME=str(tmp_path))
    written = tmp_path / ".config/fish/completions/oostflank.fish"
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout == f"fish completion installed in {written}; it works in a new terminal\n"
    assert "_OOSTFLANK_COMPLETE=complete_fish" in written.read_text(encoding="utf-8")


def test_install_completion_where_it_cannot_write_is_one_line(tmp_path):
    home = tmp_path
    (home / ".zfunc").write_text("")  # a file where the folder goes: not even root can write
    done = oostflank("--install-completion", "zsh", HOME=str(home))
    assert (done.returncode, done.stdout) == (74, "")
    assert done.stderr.startswith("oostflank: could not install completion: ") and str(home) in (
        done.stderr
    )
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def _as_if_in(shell: str, folder: Path) -> Path:
    """A stand-in for `shell`: bash under that name, which is how typer (shellingham) tells
    the shell it runs in (the nearest ancestor process with a shell's name)."""
    stand_in = folder / "bin" / shell
    stand_in.parent.mkdir(exist_ok=True)
    stand_in.symlink_to(shutil.which("bash") or "/bin/bash")
    return stand_in


@pytest.mark.parametrize(
    ("shell", "written", "rc_file", "rc_line"),
    [
        ("bash", ".bash_completions/oostflank.sh", ".bashrc", "source '"),
        ("zsh", ".zfunc/_oostflank", ".zshrc", "fpath+=~/.zfunc"),
        ("fish", ".config/fish/completions/oostflank.fish", None, None),
    ],
)
def test_install_completion_writes_the_script(tmp_path, shell, written, rc_file, rc_line):
    if shutil.which("bash") is None:
        pytest.skip("bash is needed to stand in for the shell")
    home = tmp_path / "home"
    home.mkdir()
    command = f"{sys.executable} -m oostflank --install-completion; exit $?"
    done = subprocess.run(
        [str(_as_if_in(shell, tmp_path)), "-c", command],
        capture_output=True,
        text=True,
        env=clean_env(HOME=str(home), SHELL=f"/bin/{shell}"),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    script = (home / written).read_text(encoding="utf-8")
    assert "_OOSTFLANK_COMPLETE=complete_" + shell in script and "oostflank" in script
    if rc_file:
        assert rc_line in (home / rc_file).read_text(encoding="utf-8")


# ---------------------------------------------------------------- --color

ESC = "\x1b["


def test_color_always_colours_a_pipe_and_keeps_its_width():
    plain = invoke(["status", "--as-of", "2026-05-20"])
    coloured = invoke(["status", "--as-of", "2026-05-20", "--color", "always"])
    assert ESC not in plain.stdout and ESC in coloured.stdout
    import re

    stripped = re.sub(r"\x1b\[[0-9;]*m", "", coloured.stdout)
    assert max(map(len, stripped.splitlines())) == max(map(len, plain.stdout.splitlines()))


def test_the_flag_wins_over_the_variables():
    args = ["status", "--as-of", "2026-05-20"]
    assert ESC in invoke([*args, "--color", "always"], NO_COLOR="1").stdout
    assert ESC not in invoke([*args, "--color", "never"], FORCE_COLOR="1").stdout
    # the variables keep working (rich gives TERM=dumb, as the tests set it, no colour at all)
    assert ESC in invoke(args, FORCE_COLOR="1", TERM="xterm").stdout
    assert ESC not in invoke([*args, "--color", "auto"], NO_COLOR="1").stdout


def test_color_before_the_command_and_the_one_after_wins():
    before = oostflank("--color", "always", "status", "--as-of", "2026-05-20")
    assert before.returncode == 0 and ESC in before.stdout
    both = oostflank("--color=always", "status", "--color", "never", "--as-of", "2026-05-20")
    assert both.returncode == 0 and ESC not in both.stdout


@pytest.mark.parametrize(
    "args", [["status"], ["init", "x.toml"], ["end", "x", "--on", "2026"], ["news"]]
)
def test_a_bad_color_is_our_message_exit_2(args, tmp_path):
    done = oostflank(*args, "--color", "sometimes", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == "oostflank: --color sometimes: choose one of auto, always, never\n"
    assert not (tmp_path / "x.toml").exists()


# ---------------------------------------------------------------- help


ALL_COMMANDS = {
    "oostflank": program(),
    **{" ".join(("oostflank", *words)): command for words, command in command_tree()},
}
LEAVES = [name for name, command in ALL_COMMANDS.items() if not hasattr(command, "list_commands")]


@pytest.mark.parametrize("name", list(ALL_COMMANDS))
def test_every_option_and_argument_has_a_help_line(name):
    command = ALL_COMMANDS[name]
    missing = [p.name for p in command.params if not (getattr(p, "help", None) or "").strip()]
    assert missing == []


@pytest.mark.parametrize("name", LEAVES)
def test_every_command_takes_color(name):
    assert any("--color" in p.opts for p in ALL_COMMANDS[name].params)


def test_arguments_are_written_one_way():
    metavars = {
        p.metavar or p.name.upper()
        for command in ALL_COMMANDS.values()
        for p in command.params
        if p.param_type_name == "argument"
    }
    assert metavars == {"ID", "[ID]...", "PATH", "[PATH]...", "N", "PAPER"}


def test_completion_is_on_for_the_app():
    assert os.environ.get("_OOSTFLANK_COMPLETE") is None
    names = {opt for p in ALL_COMMANDS["oostflank"].params for opt in p.opts}
    assert {"--install-completion", "--show-completion"} <= names


def test_a_tab_imports_no_rich_and_only_the_command_it_completes():
    """What keeps completion within its time budget (docs/performance.md)."""
    probe = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write(' '.join(sorted(m for m in sys.modules"
        " if m.startswith(('rich', 'oostflank.write_commands', 'oostflank.view_commands'))))))\n"
        "from oostflank.__main__ import main\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=clean_env(_OOSTFLANK_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="oostflank show m"),
        timeout=60,
    )
    assert "mnbg-lithuania" in done.stdout
    assert done.stderr == ""


def test_option_values_are_named_for_what_they_take():
    """`--as-of DATE`, `-r PATH`, `--within DURATION`: never typer's `<str>` or `<int range>`,
    which say nothing about what to type."""
    vague = set()
    for name, command in ALL_COMMANDS.items():
        for p in command.params:
            if p.param_type_name == "option" and not p.is_flag and p.metavar is None:
                vague.add(f"{name} {p.opts[0]}")
    assert vague == set()


@pytest.mark.parametrize(
    "line",
    [
        "oostflank --registry = {path} show ",
        "oostflank show --registry = {path} ",
        "oostflank -r {path} show ",
    ],
)
def test_bash_splits_at_equals_and_the_value_still_counts(tmp_path, line):
    """bash hands `--registry=my.toml` over as three words, `=` one of them."""
    mine = tmp_path / "mine.toml"
    mine.write_text(BUNDLED.read_text(encoding="utf-8").replace('"mnbg-lithuania"', '"zz-mine"'))
    assert "zz-mine" in bash(line.format(path=mine))


def test_bash_completes_a_value_after_equals():
    assert bash("oostflank --lang = ") == ["en", "nl"]
    assert bash("oostflank status --format = m") == ["markdown"]
    assert "mnbg-lithuania" in bash("oostflank --color = never show ")


def test_the_command_list_is_not_cut_at_80_columns():
    """click cuts a summary longer than the room with `...`: each command's first sentence
    is kept short enough to be read whole."""
    done = oostflank("--help", COLUMNS="80")
    commands = done.stdout.split("Commands:", 1)[1]
    assert "..." not in commands and done.returncode == 0


def test_a_registry_that_is_not_a_regular_file_completes_nothing_at_once(tmp_path):
    """A FIFO with no writer would hold the shell's line up; /dev/zero would take seconds."""
    fifo = tmp_path / "registry.toml"
    os.mkfifo(fifo)
    assert bash(f"oostflank -r {fifo} show ") == []
    assert bash("oostflank -r /dev/zero show ") == []


def test_a_registry_under_home_completes_as_typed(tmp_path):
    """The shell expands `~` only when the line is run, not while it is completed."""
    mine = tmp_path / "mine.toml"
    mine.write_text(BUNDLED.read_text(encoding="utf-8").replace('"mnbg-lithuania"', '"zz-mine"'))
    assert bash("oostflank -r ~/mine.toml show z", HOME=str(tmp_path)) == ["zz-mine"]
    assert bash("oostflank -r $HOME/mine.toml show z", HOME=str(tmp_path)) == ["zz-mine"]
