"""Parity for young people living outside the city (issue 14, part 2): young people in the
city and out of area, and per team, from good-news stories to certificates — counts and rates
side by side, counts below 5 without a rate, and the differences worth a look in plain words.

``report`` reads the database and words the report (what is counted is said in its docstring
and in ``ParityReport.notes``); ``rule`` holds the small-numbers rule and the tables it shapes.
"""

from awards_app.services.parity.report import (
    MAX_FINDINGS,
    ParityReport,
    overview_lines,
    parity,
    report_data,
    short_day,
    story_window,
)
from awards_app.services.parity.rule import (
    FROM_NOMINATIONS,
    IN_CITY,
    NO_FINDINGS,
    NO_RATE,
    NO_TEAM,
    NOTABLE_POINTS,
    OUT_OF_AREA,
    SMALL,
    SMALL_NUMBERS_RULE,
    STAGES,
    TOTAL,
    Figure,
    Finding,
    GroupRow,
    ParityTable,
    Stage,
    build_table,
    count_text,
    findings,
    held_back,
    hidden_cells,
    percent,
    rate_text,
    table_cells,
    table_header,
)

__all__ = [
    "FROM_NOMINATIONS", "IN_CITY", "MAX_FINDINGS", "NO_FINDINGS", "NO_RATE", "NO_TEAM",
    "NOTABLE_POINTS", "OUT_OF_AREA", "SMALL", "SMALL_NUMBERS_RULE", "STAGES", "TOTAL", "Figure",
    "Finding", "GroupRow", "ParityReport", "ParityTable", "Stage", "build_table", "count_text",
    "findings", "held_back", "hidden_cells", "overview_lines", "parity", "percent",
    "rate_text", "report_data", "short_day", "story_window", "table_cells", "table_header",
]
