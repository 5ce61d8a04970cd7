"""``awards encryption status|encrypt|rekey|decrypt``: the database's encryption at rest
(SQLCipher) from the command line. Passphrases are typed at a prompt (not shown), or given
to a script in environment variables; never as arguments, which the list of running
programs shows to everyone on the computer."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from awards_app.cli.commands import (
    ENCRYPTION_NOT_A_FILE,
    _database,
    _file_db,
    _out,
    new_passphrase,
)
from awards_app.core.errors import DatabaseError
from awards_app.db import backup, encryption

LOST = ("Keep the passphrase somewhere safe (a password manager): it cannot be recovered, "
        "and without it nobody, including you, can read the database or its backups.")


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("encryption", help="encrypt the database with a passphrase (SQLCipher), "
                                          "change the passphrase, or decrypt it")
    e = p.add_subparsers(dest="action", metavar="ACTION", parser_class=parser_class)
    e.required = True
    a = e.add_parser("status", help="whether the database and its backups are encrypted")
    a.set_defaults(handler=cmd_status)
    for action, text, handler in (
        ("encrypt", "encrypt the database (and its backups) with a new passphrase",
         cmd_encrypt),
        ("rekey", "change the passphrase of the database (and its backups)", cmd_rekey),
        ("decrypt", "store the database (and its backups) without encryption again",
         cmd_decrypt),
    ):
        a = e.add_parser(action, help=text + f"; passphrases are asked for, or read from "
                                             f"{encryption.PASSPHRASE_VARIABLE} / "
                                             f"{encryption.NEW_PASSPHRASE_VARIABLE}")
        a.add_argument("--keep-old-backups", action="store_true",
                       help="leave the backups in the backups folder as they are")
        a.set_defaults(handler=handler)


def _checked(args: argparse.Namespace) -> Path:
    """The database file, its passphrase given if it has one, opened once (checked and
    upgraded) and closed again: the change needs it to itself."""
    path = _file_db(args, refusal=ENCRYPTION_NOT_A_FILE)
    if not path.is_file():
        raise DatabaseError(f"There is no database at {path}. Create one with 'awards init'.")
    with _database(args):
        pass
    return path


def _report(change: encryption.EncryptionChange, what: str) -> None:
    _out(f"{what} {change.path} (checked).")
    folder = backup.backups_dir(change.path)
    if change.converted:
        state = ("encrypted with the same passphrase" if change.encrypted
                 else "stored without encryption")
        safety = (f", including the safety copy taken first ({change.safety.name})"
                  if change.safety in change.converted and change.safety else "")
        _out(f"{len(change.converted)} backup(s) in {folder} are now {state} too{safety}.")
    if change.left:
        _out(f"{len(change.left)} backup(s) in {folder} were left as they were "
             "(kept by your choice, or encrypted with another passphrase):")
        for path in change.left[:20]:
            state = "encrypted" if encryption.is_encrypted(path) else "NOT encrypted"
            _out(f"  {path.name} ({state})")
    _out("Backups you made elsewhere ('awards backup --to FILE') stay as they were.")


def cmd_status(args: argparse.Namespace) -> int:
    # said from the files alone: no passphrase needed
    path = _file_db(args, unlock=False, refusal=ENCRYPTION_NOT_A_FILE)
    if not path.is_file():
        raise DatabaseError(f"There is no database at {path}.")
    if encryption.is_encrypted(path):
        _out(f"{path} is encrypted (SQLCipher 4); it opens only with its passphrase.")
    else:
        _out(f"{path} is not encrypted. Encrypt it with 'awards encryption encrypt'.")
    copies = backup.list_backups(path)
    plain = [p for p in copies if not encryption.is_encrypted(p)]
    _out(f"Backups in {backup.backups_dir(path)}: {len(copies) - len(plain)} encrypted, "
         f"{len(plain)} not encrypted.")
    return 0


def cmd_encrypt(args: argparse.Namespace) -> int:
    path = _checked(args)
    if encryption.is_encrypted(path):
        raise DatabaseError(f"{path} is already encrypted. To change its passphrase, run "
                            "'awards encryption rekey'.")
    passphrase = new_passphrase(also_current_variable=True)
    change = backup.change_encryption(path, passphrase,
                                      convert_backups=not args.keep_old_backups)
    _report(change, "Encrypted")
    _out(LOST)
    return 0


def cmd_rekey(args: argparse.Namespace) -> int:
    path = _checked(args)
    if not encryption.is_encrypted(path):
        raise DatabaseError(f"{path} is not encrypted; encrypt it with 'awards encryption "
                            "encrypt'.")
    passphrase = new_passphrase(also_current_variable=False)
    change = backup.change_encryption(path, passphrase,
                                      convert_backups=not args.keep_old_backups)
    _report(change, "Changed the passphrase of")
    _out("The old passphrase no longer opens it. " + LOST)
    return 0


def cmd_decrypt(args: argparse.Namespace) -> int:
    path = _checked(args)
    if not encryption.is_encrypted(path):
        raise DatabaseError(f"{path} is not encrypted; there is nothing to decrypt.")
    change = backup.change_encryption(path, None, convert_backups=not args.keep_old_backups)
    _report(change, "Decrypted")
    _out("The database is now readable by anyone who can read the file: keep it private.")
    return 0
