"""``awards nominations status|withdraw|undo-bulk``: several refs as one step, all or none."""

from __future__ import annotations

import pytest

from tests import dbtools


def statuses(db_url: str, *numbers: int) -> dict[int, str]:
    rows = dbtools.tuples(db_url, "SELECT number, status FROM nomination WHERE number IN "
                          f"({', '.join(str(int(n)) for n in numbers)})")
    return {number: status for number, status in rows}


def submitted(db_url: str, count: int) -> list[int]:
    return [n for (n,) in dbtools.tuples(
        db_url, "SELECT number FROM nomination WHERE status = 'submitted' ORDER BY number "
        "LIMIT :count", count=count)]


def test_status_for_several_then_undo(cli, db_url: str) -> None:
    assert cli("init", "--demo").code == 0
    numbers = submitted(db_url, 3)
    refs = [f"N-{n:04d}" for n in numbers]
    result = cli("nominations", "status", *refs, "--to", "accepted")
    assert result.code == 0, result.err
    assert result.out.startswith("Set to accepted: ") and all(r in result.out for r in refs)
    assert set(statuses(db_url, *numbers).values()) == {"accepted"}
    again = cli("nominations", "status", refs[0], "--to", "accepted")
    assert again.code == 0 and f"Already accepted, left as they are: {refs[0]}" in again.out
    undo = cli("nominations", "undo-bulk")
    assert undo.code == 0 and "3 back to their previous status" in undo.out, undo.err
    assert set(statuses(db_url, *numbers).values()) == {"submitted"}
    assert "no bulk change to undo" in cli("nominations", "undo-bulk").out


def test_withdraw_several_with_one_reason(cli, db_url: str) -> None:
    cli("init", "--demo")
    numbers = submitted(db_url, 2)
    refs = [f"N-{n:04d}" for n in numbers]
    result = cli("nominations", "withdraw", *refs, "--reason", "Moved to another authority")
    assert result.code == 0 and result.out.startswith("Withdrew "), result.err
    reasons = {r for (r,) in dbtools.tuples(
        db_url, "SELECT withdrawn_reason FROM nomination WHERE number IN (:a, :b)",
        a=numbers[0], b=numbers[1])}
    assert reasons == {"Moved to another authority"}
    twice = cli("nominations", "withdraw", refs[0], "--reason", "again")
    assert twice.code == 2 and "already withdrawn" in twice.err and "Nothing was changed" in twice.err
    no_reason = cli("nominations", "withdraw", refs[0], "--reason", " ")
    assert no_reason.code == 2 and "reason" in no_reason.err.lower()


def test_all_or_none_unknown_ref_or_confirmed_category(cli, db_url: str) -> None:
    cli("init", "--demo")
    first, second = submitted(db_url, 2)
    missing = cli("nominations", "status", f"N-{first:04d}", "N-9999", "--to", "shortlisted")
    assert missing.code == 2 and "N-9999" in missing.err
    dbtools.execute(db_url, "UPDATE category SET results_confirmed_at = CURRENT_TIMESTAMP "
                    "WHERE id = (SELECT category_id FROM nomination WHERE number = :n)",
                    n=second)
    [(name,)] = dbtools.tuples(db_url, "SELECT c.name FROM category c JOIN nomination n ON "
                               "n.category_id = c.id WHERE n.number = :n", n=second)
    locked = cli("nominations", "status", f"N-{first:04d}", f"N-{second:04d}",
                 "--to", "shortlisted")
    assert locked.code == 2 and f"N-{second:04d}: {name}'s results are confirmed" in locked.err
    assert statuses(db_url, first, second) == {first: "submitted", second: "submitted"}


def test_only_the_bulk_statuses_are_offered(cli) -> None:
    cli("init", "--demo")
    with pytest.raises(SystemExit) as exited:
        cli("nominations", "status", "N-0001", "--to", "draft")
    assert exited.value.code == 2
