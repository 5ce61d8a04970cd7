"""Paper scores through a mapping: the judge's name as a form writes it ("Mrs E. Askew")
mapped onto the judge, and the CLI reading the same mapping file as the window builds."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from awards_app.db.engine import Database
from awards_app.services import demo, events, judging
from awards_app.services.transfer import importers
from awards_app.services.transfer.mapping import (
    ColumnMapping,
    closest_judge,
    propose,
    propose_values,
    to_json,
)

JUDGES = ("Eleanor Askew", "Mei Lin Chan", "Edward Askew")


def test_a_judge_written_loosely_is_proposed_as_the_judge() -> None:
    assert closest_judge("Mrs E. Askew", JUDGES[:2]) == "Eleanor Askew"
    assert closest_judge("eleanor askew", JUDGES) == "Eleanor Askew"
    assert closest_judge("Mei-Lin Chan", JUDGES) == "Mei Lin Chan"
    assert closest_judge("Dr Chan", JUDGES) == "Mei Lin Chan"
    assert closest_judge("Judge 2", JUDGES) == ""
    # two Askews with an E: no guess between two people
    assert closest_judge("E. Askew", JUDGES) == ""
    assert closest_judge("Ed Askew", JUDGES) == ""
    assert closest_judge("Edward Askew", JUDGES) == "Edward Askew"
    mapping = propose("scores", ["Marked by", "Ref", "Criterion", "Mark"])
    values = propose_values(mapping, {"Marked by": ["Mrs E. Askew", "mei@sponsor.example",
                                                    "Judge 2"]}, judges=JUDGES[:2])
    # an email is left for the import (it finds judges by email); no guess is left out
    assert values == {"judge": {"Mrs E. Askew": "Eleanor Askew"}}


def test_the_cli_imports_scores_through_a_mapping_file_with_judges_mapped(
        db: Database, db_path: Path, tmp_path: Path, cli: Callable[..., Any]) -> None:
    with db.session() as s:
        demo.create_demo_event(s)
    with db.read_session() as s:
        event_id = events.current_event(s).id  # type: ignore[union-attr]
        jid = judging.find_judge(s, event_id, "Eleanor Askew").id
        item = next(i for i in judging.judge_queue(s, jid) if i.ref == "N-0007")
    path = tmp_path / "returns.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Marked by", "Nomination number", "Question", "Mark"])
        for k, criterion in enumerate(item.criteria):
            writer.writerow(["Mrs E. Askew", "N-0007", criterion.name, str(5 + k)])
    mapping = propose("scores", ["Marked by", "Nomination number", "Question", "Mark"])
    mapping = ColumnMapping("scores", mapping.columns, propose_values(
        mapping, {"Marked by": ["Mrs E. Askew"]}, judges=["Eleanor Askew"]))
    mapping_file = tmp_path / "returns.json"
    mapping_file.write_text(to_json(mapping), encoding="utf-8")

    refused = cli("import", "scores", str(path))  # without it: the form's own columns
    assert refused.code == 2 and "Marked by" in refused.err
    done = cli("import", "scores", str(path), "--mapping", str(mapping_file))
    assert done.code == 0, done.err
    assert done.out.strip() == f"Imported {len(item.criteria)} rows ({len(item.criteria)} scores)."
    with db.read_session() as s:
        stored = next(i for i in judging.judge_queue(s, jid) if i.ref == "N-0007")
        assert sorted(stored.scores.values()) == [5 + k for k in range(len(item.criteria))]
    with db.read_session() as s:  # and the window's importer reads the same file alike
        result = importers.check(s, "scores", event_id=event_id, path=path, mapping=mapping)
    assert result.rows == len(item.criteria)
