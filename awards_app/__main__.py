"""``python -m awards_app``: the desktop program, or a CLI sub-command when one is given."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _cli_commands() -> set[str]:
    from awards_app.cli.main import build_parser

    parser = build_parser()
    for action in parser._actions:  # argparse keeps sub-parsers here
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


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
    if _first_command(args) in _cli_commands() or "--version" in args:
        from awards_app.cli.main import main as cli_main

        return cli_main(args)
    return gui_main(args)


def gui_main(args: Sequence[str]) -> int:
    """Until the desktop window lands, explain where the data is and how to use the CLI."""
    from awards_app.cli.main import main as cli_main

    parser = argparse.ArgumentParser(prog="awards-app")
    parser.add_argument("--db")
    options, _unknown = parser.parse_known_args(args)
    print("Awards App — the desktop window is coming in the next release.")
    print("Meanwhile everything works from the 'awards' command:")
    print("  awards init --demo            add a fictional demo event")
    print("  awards status                 see the current event")
    print("  awards import nominations F   load nominations from CSV/XLSX")
    print("  awards --help                 every command")
    print()
    db_args = ["--db", options.db] if options.db else []
    return cli_main([*db_args, "status"])


if __name__ == "__main__":
    sys.exit(main())
