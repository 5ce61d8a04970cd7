"""Time to mask one 4,000-character narrative with a full identity, and to flag what is left.
Target on this machine: well under 5 ms a narrative on average.

Run: python benchmarks/masking_bench.py [--repeat N]
Each narrative is different (random names, dates, phones, spacing), so the figures include
folding the text; the identity's patterns are compiled once per nomination (cached), as in
the judge view, which masks three narratives with one identity. The first call for an
identity (compiling its patterns) is timed separately.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from awards_app.core.identifiers import possible_identifiers  # noqa: E402
from awards_app.core.masking import Identity, _rules, mask_text  # noqa: E402

WORDS = ("she worked hard every week at college and found a part-time job while living "
         "independently for the first time after leaving care she got a 2:1 passed 9 GCSEs "
         "Level 3 in 2024 at 10:30 saved £1,200 Year 11 Grade 7 three times mentoring other "
         "young people volunteering at the food bank").split()
EXTRAS = ["Zoë Smíth", "born on 13/07/2005", "(0161) 496 0000", "zoe.smith@example.com",
          "NE1 4ST", "lives at 14 Mill Lane", "S\u200bmith", "Ｓｍｉｔｈ", "０７７００ ９００１２３",
          "Sam Patel", "Riverside team", "Smіth's", "13th July 2005", "Ayşe Yılmaz"]


def narrative(rng: random.Random, length: int = 4000) -> str:
    parts: list[str] = []
    size = 0
    while size < length:
        piece = rng.choice(EXTRAS) if rng.random() < 0.05 else rng.choice(WORDS)
        parts.append(piece)
        size += len(piece) + 1
    return " ".join(parts)[:length]


def identity(rng: random.Random) -> Identity:
    return Identity(
        surnames=(rng.choice(["Smith", "O'Brien", "Smith-Jones", "Yılmaz"]),),
        names=("Zoë Anne", "Sam Patel", "Riverside Leaving Care Team", "Hillcrest Academy"),
        dates_of_birth=(date(2005, 7, rng.randint(1, 28)),),
        emails=("zoe.smith@example.com", "sam.patel@council.gov.uk"),
        phones=("07700 900123", "0161 496 0000"),
        postcodes=("NE1 4ST",),
        addresses=("14 Mill Lane, Leeds, LS1 4AB",),
        shown=("Zoë",),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(12)
    texts = [narrative(rng) for _ in range(args.repeat)]
    identities = [identity(rng) for _ in range(args.repeat)]
    for clock_name, clock in (("wall clock", time.perf_counter),
                              ("CPU time (what a busy machine does not change)",
                               time.process_time)):
        compile_times, mask_times, flag_times = [], [], []
        for text, who in zip(texts, identities, strict=True):
            _rules.cache_clear()
            t0 = clock()
            _rules(who)
            t1 = clock()
            masked = mask_text(text, who)
            t2 = clock()
            possible_identifiers(masked, who)
            t3 = clock()
            compile_times.append(t1 - t0)
            mask_times.append(t2 - t1)
            flag_times.append(t3 - t2)
        print(clock_name)
        for label, times in (("compile an identity's patterns", compile_times),
                             ("mask a 4,000-character narrative", mask_times),
                             ("flag what may still identify", flag_times)):
            ms = sorted(t * 1000 for t in times)
            print(f"  {label:36} mean {statistics.mean(ms):6.2f} ms   median "
                  f"{statistics.median(ms):6.2f} ms   95th {ms[int(len(ms) * 0.95)]:6.2f} ms")


if __name__ == "__main__":
    main()
