"""Text normalisation and personal-data masking shared by training and scoring.

`clean_text` is the single implementation used everywhere (clean stage, scorer,
registered pyfunc model), so a transcript is cleaned the same way whether it is
trained on or scored.

- `normalise`: web residue, mojibake, width, pinyin, Traditional→Simplified, chat markup
- `pii`: personal data as typed spans (phones, cards, IDs, messaging ids, plates ...)
- `names`: person names (jieba tags + context rules + surname list)
- `placeholders`: the typed placeholder vocabulary
- `cleaning`: `clean_text` and the cleaning report counters
- `spark`: `clean_text` as a Spark pandas UDF (optional extra)
"""

from pipeline.text.cleaning import (
    CleanStats,
    clean_document,
    clean_text,
    clean_text_with_stats,
    dedup_key,
    is_boilerplate_line,
    normalise,
)
from pipeline.text.normalise import FTFY_NO_OP as _FTFY_NO_OP
from pipeline.text.normalise import replace_markup, strip_web_residue
from pipeline.text.pii import find_pii, mask_pii
from pipeline.text.placeholders import JDDC_PLACEHOLDERS, PLACEHOLDERS, placeholder_counts

__all__ = [
    "CleanStats", "JDDC_PLACEHOLDERS", "PLACEHOLDERS", "_FTFY_NO_OP", "clean_document", "clean_text",
    "clean_text_with_stats", "dedup_key", "find_pii", "is_boilerplate_line", "mask_pii", "normalise",
    "placeholder_counts", "replace_markup", "strip_web_residue",
]
