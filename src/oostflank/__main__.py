"""The console script and `python -m oostflank`: a light entry that guards Ctrl-C first.

Importing typer and rich takes a while; a Ctrl-C meanwhile would print a traceback. The handler
is installed as this module is imported, before anything else of ours (this module is only
ever imported to run the command line; importing the package itself imports nothing), and
exits quietly with 130. `cli.main` hands Ctrl-C back, a KeyboardInterrupt again so that a write
in progress can clean up, only inside the `try` that turns one into a quiet exit 130.

The cyclic garbage collector is off for the short life of a call: what the tool builds holds no
reference cycles (immutable tuples of text, numbers and dates), so reference counting frees it,
and the collector would only walk the thousands of objects that importing typer and rich makes,
again and again (docs/performance.md: about a tenth of a call's time). `cli.main` freezes what
is left before exiting, so that the interpreter's last collection skips it too.
"""

# First, and the C module itself: `signal` builds its enums in Python for a few milliseconds,
# and every moment before the handler is one in which Ctrl-C prints a traceback.
import _signal  # type: ignore[import-not-found]  # CPython's C module, no stub


def _interrupted_while_starting(signum: int, frame: object) -> None:
    import os

    try:
        os.write(2, b"oostflank: interrupted\n")
    finally:
        os._exit(130)


if _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler:  # unless another was chosen
    _signal.signal(_signal.SIGINT, _interrupted_while_starting)

import gc  # noqa: E402  # a built-in module, after the guard: see the docstring

gc.disable()


def _hand_back() -> None:
    """Ctrl-C raises KeyboardInterrupt again (unless another handler was chosen before ours)."""
    if _signal.getsignal(_signal.SIGINT) is _interrupted_while_starting:
        _signal.signal(_signal.SIGINT, _signal.default_int_handler)


def main() -> None:
    from oostflank.cli import main as run

    run(_hand_back)


if __name__ == "__main__":
    main()
