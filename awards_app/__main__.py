"""``python -m awards_app``: the desktop program, or a CLI sub-command when one is given."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from awards_app.cli import COMMANDS


GLOBAL_OPTIONS_WITH_VALUE = ("--db", "--event")


def _first_command(args: Sequence[str]) -> str | None:
    """The first word that is not a global option or its value."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in GLOBAL_OPTIONS_WITH_VALUE:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if _first_command(args) in COMMANDS or "--version" in args:
        # only the half that runs is imported: the CLI never loads Qt, the window paints first
        from awards_app.cli.main import main as cli_main

        return cli_main(args)
    return gui_main(args)


def gui_main(args: Sequence[str]) -> int:
    # Qt and the window load only when there is no sub-command (start-up time)
    from awards_app.ui.app import main as window_main

    return window_main(args)


if __name__ == "__main__":
    sys.exit(main())
