"""The progress bar draws only on a terminal; text is clipped to one line."""

from __future__ import annotations

import io

from sekha._cli.ui import ProgressBar, clip


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_redraws_in_place_on_a_terminal_and_ends_the_line() -> None:
    screen = Terminal()
    with ProgressBar("importing", 4, screen) as bar:
        for done in range(1, 5):
            bar.update(done)
    drawn = screen.getvalue()
    assert drawn.startswith("\rimporting [")
    assert drawn.endswith("\rimporting [############################] 4/4\n")


def test_bar_is_silent_when_piped() -> None:
    pipe = io.StringIO()
    with ProgressBar("exporting", 10, pipe) as bar:
        bar.update(5)
    assert pipe.getvalue() == ""


def test_bar_without_a_total_counts() -> None:
    bar = ProgressBar("exporting", 0, Terminal())
    bar.update(7)
    assert bar.render() == "exporting 7"


def test_clip_makes_one_line_of_at_most_width() -> None:
    assert clip("a\nb   c", 80) == "a b c"
    assert clip("x" * 50, 10) == "x" * 9 + "…"
