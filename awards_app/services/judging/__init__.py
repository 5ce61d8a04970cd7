"""Judging: assignments through sponsorship, PINs, what judges see, scores, conflicts,
progress, results and judging packs.

The modules depend on each other in one direction: assignments, pins, judge_view <-
results_cache (the stored ranking) <- scores, conflicts <- results <- packs. Callers use this
package's names (``judging.save_scores``); ``results`` and ``results_cache`` are public
modules too."""

from __future__ import annotations

from awards_app.services.judging import results, results_cache
from awards_app.services.judging.assignments import (
    JUDGED_STATUSES,
    conflicted_clause,
    assignments_query,
    assigned_nomination,
    judges_for_sign_in,
    judges_of_category,
    judging_started,
    find_judge,
    ensure_open_for,
)
from awards_app.services.judging.pins import (
    MAX_PIN_TRIES,
    LOCK_SECONDS,
    set_pin,
    clear_pin,
    SignIn,
    sign_in,
)
from awards_app.services.judging.judge_view import (
    JudgeCriterion,
    JudgeItem,
    JUDGE_COPY_FIELDS,
    JUDGE_COPY_LABELS,
    automatic_copy,
    judge_copy,
    judge_queue,
    set_judge_copy,
    judge_copy_for_edit,
)
from awards_app.services.judging.scores import (
    save_scores,
    submit_category,
    unlock_submission,
    refresh_totals,
)
from awards_app.services.judging.conflicts import (
    declare_conflict,
    remove_conflict,
    ConflictRow,
    conflict_rows,
)
from awards_app.services.judging.progress import (
    ProgressRow,
    judging_progress,
    set_lead_judge,
)
from awards_app.services.judging.results import (
    ResultRow,
    CategoryResult,
    tie_break_rules,
    category_results,
    confirm_results,
    record_casting_decision,
    reopen_results,
    set_tie_breaks,
    results_document,
    RESULTS_CSV_HEADER,
    results_csv_rows,
)
from awards_app.services.judging.packs import (
    judge_packs,
    write_packs,
)

__all__ = [
    "results",
    "results_cache",
    "CategoryResult",
    "ConflictRow",
    "JUDGED_STATUSES",
    "JudgeCriterion",
    "JudgeItem",
    "LOCK_SECONDS",
    "MAX_PIN_TRIES",
    "ProgressRow",
    "RESULTS_CSV_HEADER",
    "ResultRow",
    "SignIn",
    "assigned_nomination",
    "assignments_query",
    "JUDGE_COPY_FIELDS",
    "JUDGE_COPY_LABELS",
    "automatic_copy",
    "category_results",
    "clear_pin",
    "confirm_results",
    "conflict_rows",
    "conflicted_clause",
    "declare_conflict",
    "ensure_open_for",
    "find_judge",
    "judge_copy",
    "judge_copy_for_edit",
    "judge_packs",
    "judge_queue",
    "judges_for_sign_in",
    "judges_of_category",
    "judging_progress",
    "judging_started",
    "record_casting_decision",
    "reopen_results",
    "refresh_totals",
    "remove_conflict",
    "results_csv_rows",
    "results_document",
    "save_scores",
    "set_judge_copy",
    "set_lead_judge",
    "set_pin",
    "set_tie_breaks",
    "sign_in",
    "submit_category",
    "tie_break_rules",
    "unlock_submission",
    "write_packs",
]
