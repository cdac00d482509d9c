"""Tables that fit the terminal: at any width from 60 to 200 columns, in English and Dutch, no id,
number, status, link or other word is split; the free text wraps first, then dates between their
words, and where no table fits whole words the rows are stacked. Checked in-process at many
widths, against goldens at 60, 80 and 120, and once in a real terminal (tmux)."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from support import clean_env

AS_OF = ("--as-of", "2026-05-20")
VIEWS = {
    "status": ("status", *AS_OF),
    "expiring": ("expiring", "--before", "2027-01-01", *AS_OF),
    "agenda": ("agenda", "--within", "1y", "--as-of", "2026-07-15"),
    "budget": ("budget",),
    "show": ("show", "mnbg-lithuania", *AS_OF),
}
# Every width where layouts change most (60 to 100), then a sample up to 200: a few seconds.
WIDTHS = [*range(60, 101, 2), *range(110, 201, 10)]
BOX_DRAWING = range(0x2500, 0x2580)


def words(text: str) -> Counter[str]:
    """The words of an output, borders left out: they are drawn to the width, not data."""
    return Counter(
        word for word in text.split() if not any(ord(char) in BOX_DRAWING for char in word)
    )


def split_words(wide: str, narrow: str) -> list[str]:
    """Words of the output at full width that are not as often whole in the narrow output.
    A stacked row labels its values `Header: value`, so `Header:` counts as `Header`."""
    have = words(narrow)
    return [word for word, count in words(wide).items() if have[word] + have[f"{word}:"] < count]


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("view", VIEWS)
def test_no_word_is_split_at_any_width(cli, view, lang):
    args = (*VIEWS[view], "--lang", lang)
    wide = cli(*args).stdout
    for width in WIDTHS:
        narrow = cli(*args, env={"COLUMNS": str(width)}).stdout
        lines = narrow.splitlines()
        assert max(len(line) for line in lines) <= width, (width, narrow)
        assert not [line for line in lines if line.endswith(" ")], (width, narrow)
        assert split_words(wide, narrow) == [], (width, narrow)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_id_is_on_one_line_at_every_width(cli, lang):
    """The plainest form of the promise: each deployment id is whole on some line."""
    ids = [row["id"] for row in json.loads(cli("status", *AS_OF, "-f", "json").stdout)]
    for width in range(60, 201, 20):
        out = cli("status", *AS_OF, "--lang", lang, env={"COLUMNS": str(width)}).stdout
        assert [i for i in ids if not any(i in line for line in out.splitlines())] == []


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("view", VIEWS)
def test_width_goldens(cli, golden, view, width):
    run = cli(*VIEWS[view], env={"COLUMNS": str(width)})
    assert run.exit_code == 0
    golden(f"{view}-{width}.table", run.stdout)


def test_a_table_that_cannot_fit_whole_words_is_stacked(cli):
    narrow = cli("status", *AS_OF, env={"COLUMNS": "60"}).stdout
    assert "ID: mnbg-lithuania\n" in narrow and "Status: active\n" in narrow
    assert "mnbg-lithuania   Military" in cli("status", *AS_OF, env={"COLUMNS": "100"}).stdout


def test_a_table_whose_free_text_would_be_a_word_per_line_is_stacked(cli):
    """At 80 columns English status leaves its names 3 to 13 columns (and splits every date):
    stacked, as Dutch is; agenda's two free columns share the readable width and stay a table."""
    status = cli("status", *AS_OF, env={"COLUMNS": "80"}).stdout
    assert "Name: Military contribution to the Multinational Battlegroup in Lithuania\n" in status
    agenda = cli(*VIEWS["agenda"], env={"COLUMNS": "80"}).stdout
    assert agenda.splitlines()[2].split() == ["Date", "Days", "Deployment", "Kind", "What"]


@pytest.mark.parametrize(
    ("widths", "room", "expected"),
    [
        ((10, 30, 12), 52, [10, 30, 12]),  # fits as it is
        ((10, 30, 12), 45, [10, 23, 12]),  # the free text gives way first
        ((10, 30, 12), 40, [10, 20, 10]),  # down to a readable width, then the date
        ((10, 30, 12), 37, None),  # no further: stacked
        ((10, 15, 12), 33, [10, 15, 8]),  # text shorter than readable is kept whole
    ],
)
def test_fitted_widths(widths, room, expected):
    from oostflank.terminal import ColumnExtent, fitted_widths

    narrowest = (10, 8, 8)
    extents = [ColumnExtent(n, w) for n, w in zip(narrowest, widths, strict=True)]
    assert fitted_widths(extents, [1], room) == expected


def test_the_free_text_gives_way_before_the_dates(cli):
    out = cli("status", *AS_OF, env={"COLUMNS": "105"}).stdout
    assert "31 Dec 2026" in out and "Military contribution" in out
    assert "Military contribution to the Multinational Battlegroup in Lithuania" not in out


def test_two_free_columns_share_the_readable_width_but_keep_15_each():
    from oostflank.terminal import ColumnExtent, fitted_widths

    extents = [ColumnExtent(10, 10), ColumnExtent(8, 30), ColumnExtent(8, 30)]
    assert fitted_widths(extents, [1, 2], 40) == [10, 15, 15]
    assert fitted_widths(extents, [1, 2], 39) is None  # Kind at 10, What at 12 read as a list
    narrow = [ColumnExtent(10, 10), ColumnExtent(8, 12), ColumnExtent(8, 30)]
    assert fitted_widths(narrow, [1, 2], 37) == [10, 12, 15]  # text under 15 stays whole


def test_a_panel_title_too_long_for_the_border_wraps_inside(cli):
    out = cli("show", "mnbg-lithuania", *AS_OF, env={"COLUMNS": "80"}).stdout
    top, first, second = out.splitlines()[:3]
    assert set(top) == {"╭", "─", "╮"}
    assert "mnbg-lithuania — Military contribution to the Multinational Battlegroup" in first
    assert second.split() == ["│", "Lithuania", "│"]
    wide = cli("show", "mnbg-lithuania", *AS_OF, env={"COLUMNS": "120"}).stdout
    assert wide.startswith("╭─ mnbg-lithuania — Military contribution to the Multinational")


# ---------------------------------------------------------------- in a real terminal

TMUX = shutil.which("tmux")


def in_tmux(socket: Path, args: tuple[str, ...]) -> str:
    """What an 80 by 50 terminal shows (its scrollback included) after `oostflank ARGS`."""
    done = "OOSTFLANK-RUN-DONE"
    command = shlex.join([sys.executable, "-m", "oostflank", *args]) + f"; echo {done}; sleep 60"
    tmux = [str(TMUX), "-S", str(socket), "-f", "/dev/null"]
    env = clean_env(TERM="xterm-256color")
    subprocess.run(
        [*tmux, "new-session", "-d", "-x", "80", "-y", "50", command], env=env, check=True
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            screen = subprocess.run(
                [*tmux, "capture-pane", "-p", "-S", "-"], env=env, capture_output=True, text=True
            ).stdout
            if done in screen.replace(f"echo {done}", ""):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"oostflank did not finish in tmux:\n{screen}")
    finally:
        subprocess.run([*tmux, "kill-server"], env=env, capture_output=True)


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed here (.ci/run installs it)")
def test_what_a_person_sees_in_an_80_column_terminal_has_every_id_whole(cli, tmp_path):
    ids = [row["id"] for row in json.loads(cli("status", *AS_OF, "-f", "json").stdout)]
    screen = in_tmux(tmp_path / "tmux.sock", ("status", *AS_OF))
    lines = screen.splitlines()
    assert [i for i in ids if not any(i in line for line in lines)] == [], screen
    assert "ID: mnbg-lithuania" in lines, screen  # stacked: see the test above
    agenda = in_tmux(tmp_path / "tmux-agenda.sock", VIEWS["agenda"]).splitlines()
    assert any(line.split()[:2] == ["Date", "Days"] for line in agenda), agenda
    assert [i for i in ("amdtf-poland", "mq9-romania") if not any(i in x for x in agenda)] == []
    shown = in_tmux(tmp_path / "tmux-show.sock", ("show", "mnbg-lithuania", *AS_OF))
    for whole in (
        "mnbg-lithuania",
        "kst-29521-481",
        "mindef-20260027577",
        "https://zoek.officielebekendmakingen.nl/kst-29521-481.html",
        "Battlegroup in",  # the end of the title, which a border would cut
    ):
        assert any(whole in line for line in shown.splitlines()), (whole, shown)


@pytest.mark.parametrize("width", [60, 61])
def test_a_link_wider_than_the_terminal_is_left_whole_for_it_to_soft_wrap(cli, width):
    """kst-21501-28-296's address is 61 columns: on a line of its own, unbroken by us."""
    out = cli("show", "mq9-romania", *AS_OF, env={"COLUMNS": str(width)}).stdout
    link = "https://zoek.officielebekendmakingen.nl/kst-21501-28-296.html"
    assert link in out.splitlines(), out
