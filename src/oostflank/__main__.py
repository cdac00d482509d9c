"""The console script and `python -m oostflank`: a light entry that guards Ctrl-C first.

Importing typer and rich takes a while; a Ctrl-C meanwhile would print a traceback. The handler
installed here, before anything heavy is imported, exits quietly with 130 instead. Once the
command line is loaded, Ctrl-C is a KeyboardInterrupt again, so that a write in progress can
clean up after itself.
"""

from __future__ import annotations

import contextlib
import os
import signal
from types import FrameType

EXIT_INTERRUPTED = 130


def _interrupted_while_starting(signum: int, frame: FrameType | None) -> None:
    os.write(2, b"oostflank: interrupted\n")
    os._exit(EXIT_INTERRUPTED)


def main() -> None:
    with contextlib.suppress(ValueError):  # not the main thread: nothing to guard
        signal.signal(signal.SIGINT, _interrupted_while_starting)
    from oostflank.cli import main as run

    if signal.getsignal(signal.SIGINT) is _interrupted_while_starting:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    run()


if __name__ == "__main__":
    main()
