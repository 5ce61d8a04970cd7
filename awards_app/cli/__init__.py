"""The ``awards`` command line: headless commands over the same services as the window."""

# The sub-command names, without importing the parser (which imports SQLAlchemy): lets
# ``python -m awards_app`` decide between the window and the CLI in a few microseconds.
# tests/cli/test_cli.py checks this set against the parser.
COMMANDS = frozenset({
    "init", "event", "status", "template", "import", "export", "list", "withdraw", "backup",
    "restore", "check", "results", "results-sheet", "judging", "judging-packs", "certificates",
    "verify", "certificate", "encryption", "mappings", "nominations",
    "parity",
    "goodnews",
    "ceremony",
    "move-to",
    "users",
})
