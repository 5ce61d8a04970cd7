"""Nominations: the records (create, change, withdraw, reinstate) and what the list and the
editor show."""

from __future__ import annotations

from awards_app.services.nominations.records import (
    NOMINATION_FIELDS,
    NOMINATION_LABELS,
    SUCCESS_HINT,
    OBSTACLES_HINT,
    LIVE_STATUSES,
    EventRules,
    clean_nomination,
    allocate_numbers,
    create_nomination,
    update_nomination,
    withdraw_nomination,
    reinstate_nomination,
    list_nominations,
    get_by_ref,
    withdraw_nominee,
)
from awards_app.services.nominations.forms import (
    NominationRow,
    nomination_rows,
    NominationForm,
    nomination_form,
    save_nomination_form,
    Choice,
    nominee_choices,
    worker_choices,
    category_choices,
)

__all__ = [
    "Choice",
    "EventRules",
    "LIVE_STATUSES",
    "NOMINATION_FIELDS",
    "NOMINATION_LABELS",
    "NominationForm",
    "NominationRow",
    "OBSTACLES_HINT",
    "SUCCESS_HINT",
    "allocate_numbers",
    "category_choices",
    "clean_nomination",
    "create_nomination",
    "get_by_ref",
    "list_nominations",
    "nomination_form",
    "nomination_rows",
    "nominee_choices",
    "reinstate_nomination",
    "save_nomination_form",
    "update_nomination",
    "withdraw_nomination",
    "withdraw_nominee",
    "worker_choices",
]
