"""A file or folder the window needed: said in words, never as an exception."""

from __future__ import annotations


def test_the_window_says_a_file_problem_in_words(qtbot, messages) -> None:  # type: ignore[no-untyped-def]
    import errno

    from awards_app.ui.common.errors import describe, show_error

    full = OSError(errno.ENOSPC, "No space left on device", "/data/awards.sqlite3")
    show_error(None, full)
    assert messages == [("warning", "A file could not be used",
                         "/data/awards.sqlite3: there is no space left on the disk. "
                         "Nothing was saved.")]
    assert describe(full).startswith("/data/awards.sqlite3: there is no space left")
