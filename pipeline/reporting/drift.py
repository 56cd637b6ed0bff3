"""Population stability index of a batch against the training data's profile."""

from __future__ import annotations

import math

# Shares below this are floored: an empty bin must not make the index infinite.
FLOOR = 1e-4


def psi(reference: list[float], batch: list[float]) -> float:
    """sum((b - r) * ln(b / r)) over bins; 0.1 is a small shift, 0.25 a large one."""
    total = 0.0
    for r, b in zip(reference, batch):
        r, b = max(r, FLOOR), max(b, FLOOR)
        total += (b - r) * math.log(b / r)
    return total


def rate_psi(reference: float, batch: float) -> float:
    return psi([reference, 1 - reference], [batch, 1 - batch])


def compare(reference: dict, batch: dict, threshold: float) -> list[dict]:
    """One check per statistic: its index, the threshold, and whether it is crossed."""
    checks = []

    def add(name: str, value: float, ref_value, batch_value) -> None:
        checks.append({"statistic": name, "psi": round(value, 4), "threshold": threshold,
                       "drift": bool(value > threshold), "reference": ref_value, "batch": batch_value})

    for target, ref_shares in reference["predicted"].items():
        if target == "sessions" or target not in batch["predicted"]:
            continue
        classes = list(ref_shares)
        add(f"predicted {target}", psi([ref_shares[c] for c in classes],
                                       [batch["predicted"][target].get(c, 0.0) for c in classes]),
            ref_shares, batch["predicted"][target])
    ref_text, batch_text = reference["text"], batch["text"]
    add("customer turn length", psi(ref_text["length"], batch_text["length"]), ref_text["length"],
        batch_text["length"])
    add("placeholders per turn", psi(ref_text["placeholders"], batch_text["placeholders"]),
        ref_text["placeholders"], batch_text["placeholders"])
    for rate in ("traditional_share", "unknown_rate"):
        add(rate.replace("_", " "), rate_psi(ref_text[rate], batch_text[rate]), ref_text[rate], batch_text[rate])
    return checks
