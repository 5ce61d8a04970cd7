"""``awards judging review``: the judge copies' review status from the command line, with
references and counts only (no names); one nomination as judges read it; marking it."""

from __future__ import annotations


def test_review_lists_shows_and_marks(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--demo").code == 0
    listed = cli("judging", "review")
    assert listed.code == 0
    lines = listed.out.splitlines()
    assert len(lines) == 19 and lines[-1] == "0 of 18 judge copies reviewed."
    assert lines[0].startswith("N-0007  not reviewed") and " masked, " in lines[0]
    assert "Mai" not in listed.out  # references and counts, no names

    shown = cli("judging", "review", "N-0007")
    assert shown.code == 0
    assert shown.out.startswith("N-0007, as judges read it (judges see the name Mai N.): "
                                "not reviewed")
    assert "\nSuccess:\n" in shown.out and "Nguyễn" not in shown.out

    marked = cli("judging", "review", "N-0007", "--mark")
    assert marked.code == 0 and marked.out.endswith(
        "N-0007's judge copy is marked as reviewed.\n")
    assert cli("judging", "review").out.splitlines()[0].startswith("N-0007  reviewed ")

    refused = cli("judging", "review", "--mark")
    assert refused.code != 0 and "say which nomination" in refused.err


def test_judging_packs_note_unreviewed_copies(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--demo").code == 0
    made = cli("judging-packs", "--out", str(tmp_path / "packs.pdf"))
    assert made.code == 0 and "18 judge copies are not reviewed" in made.err
