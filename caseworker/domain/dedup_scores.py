"""Score thresholds of duplicate detection, apart from the matcher so that the command line
can show them in its help without loading the fuzzy-matching library."""

from __future__ import annotations

QUEUE_THRESHOLD = 65  # a pair at or above this goes to the review queue
# Among the people already held a namesake born the same year is common, so the store-wide scan
# asks for more than an import's 65 (which weighs referrals of whom many are held already): a
# name, a birth year and the father's name, or an exact date of birth. A shared document number
# is always proposed.
SCAN_THRESHOLD = 80
