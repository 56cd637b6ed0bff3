"""The model card `register` writes for every registered version (Markdown).

It is logged as an artifact of the registration run and set as the registry
version's description, so whoever loads `models:/complaint-triage@champion`
reads what the model was trained on, how good it is as served (with intervals,
per source, real and written sessions apart), its decision thresholds, what it
is for and where it must not be trusted.
"""

from __future__ import annotations

import pandas as pd

from pipeline import thresholds
from pipeline.labels import FLAGS, LEGITIMACY
from pipeline.metrics import with_interval
from pipeline.params import Params

SECTIONS = {
    "real test, both corpora": "{t}",
    "real test, JDDC sample": "{t}.source.jddc",
    "real test, shop chats": "{t}.source.jddc21_shop",
    "written test (team-written)": "written_test.{t}",
}
TARGET_NAMES = {"legitimacy": "legitimacy", "flags": "risk flags", "emotion": "turn emotion",
                "emotion_peak": "emotion_peak (derived from turns)", "emotion_end": "emotion_end (derived from turns)"}


def training_data(sessions: pd.DataFrame, train_ids: pd.Series) -> pd.DataFrame:
    """Labelled training sessions per source: count, legitimacy classes, flag positives."""
    train = sessions[sessions["session_id"].isin(train_ids) & sessions["legitimacy"].notna()]
    rows = {}
    for source, part in train.groupby("source"):
        row = {"sessions": len(part)}
        row.update({c: int((part["legitimacy"] == c).sum()) for c in LEGITIMACY})
        row.update({f: int(part[f].fillna(False).astype(bool).sum()) for f in FLAGS})
        rows[source] = row
    return pd.DataFrame.from_dict(rows, orient="index")


def markdown_table(frame: pd.DataFrame, index_name: str) -> str:
    header = f"| {index_name} | " + " | ".join(map(str, frame.columns)) + " |"
    lines = [header, "|" + "---|" * (len(frame.columns) + 1)]
    lines += [f"| {i} | " + " | ".join(map(str, row)) + " |" for i, row in zip(frame.index, frame.to_numpy())]
    return "\n".join(lines)


def describe_runtime(tags: dict[str, str]) -> str:
    """One sentence on how the version is served, from register's runtime tags."""
    candidates = tags["runtime.candidates"].split(",")
    if tags["runtime"] != "auto":
        return f"served with the `{tags['runtime']}` runtime"
    return (f"served with the fastest of {', '.join(f'`{c}`' for c in candidates)} on the machine that loads it "
            f"(`auto`; measured at load time, override with `COMPLAINT_TRIAGE_RUNTIME`); "
            f"figures below as served by `{tags['runtime.figures_of']}`; fastest on the registering machine: "
            f"{tags['runtime.fastest_on_register_machine']}")


def describe_calibration(calibration: dict[str, dict], served: dict[str, float]) -> str:
    """One line per target: its temperature (or why it has none) and the test ECE before/after."""
    if not any(info.get("status") == "fitted" for info in calibration.values()):
        return "- Probabilities are the model's softmax/sigmoid outputs: no temperature was fitted."
    lines = []
    for target, info in calibration.items():
        if info.get("status") != "fitted":
            lines.append(f"- `{target}`: as trained ({info.get('status', 'not fitted')}; "
                         f"{info.get('valid_units', 0)} valid units, {info.get('valid_positives', 0)} positives).")
            continue
        ece = ""
        if f"{target}.ece" in served and f"{target}.ece_uncalibrated" in served:
            ece = (f"; expected calibration error on the real test split {served[f'{target}.ece_uncalibrated']:.3f} "
                   f"before scaling, {served[f'{target}.ece']:.3f} after (as served)")
        lines.append(f"- `{target}`: temperature {info['temperature']:.3f} fitted on {info['valid_units']} valid "
                     f"units{ece}.")
    return ("Probabilities are temperature-scaled on the valid split where it holds enough evidence; the "
            "scorer's `*_p*` columns and every threshold above apply to these:\n" + "\n".join(lines))


def describe_members(weights: dict[str, dict[str, float]] | None) -> str:
    """An ensemble's combination: per target, each member's weight (empty for other kinds)."""
    if not weights:
        return ""
    lines = [f"- `{target}`: " + " + ".join(f"{w:.2f} · {name}" for name, w in members.items())
             for target, members in weights.items()]
    return ("\n\nPer target, a weighted average of its members' calibrated probabilities (each member "
            "applies its own temperature; the weights were chosen on validation, never on test):\n"
            + "\n".join(lines))


def describe_review(params: Params, served: dict[str, float]) -> str:
    lines = []
    for target in params.decision.review_targets:
        line = (f"- `{target}_review` is true when the decided `{target}` class has probability below "
                f"{params.decision.review_below}: a person decides that session.")
        share = served.get(f"{target}.review.share")
        if share is not None:
            line += f" Real test split: {share:.0%} of sessions sent to review"
            right = [f"on {served[key]:.0%} of those it {side}" for key, side in
                     ((f"{target}.review.accuracy_decided", "decides"),
                      (f"{target}.review.accuracy_review", "hands over")) if key in served]
            line += ("; the model is right " + " and ".join(right) if right else "") + "."
        lines.append(line)
    return "\n".join(lines)


def describe_thresholds(params: Params, chosen: dict) -> str:
    """The flag and high-precision thresholds the version decides with, and where they come from."""
    decision = params.decision
    flags = chosen.get(thresholds.FLAGS, {})
    if flags:
        parts = [f"`{flag}` ≥ {info['threshold']:g}" + ("" if info["status"].startswith("chosen") else " (configured)")
                 for flag, info in flags.items()]
        lines = ["- Flags are raised at probability " + ", ".join(parts) + ": chosen for the best F1 on the valid "
                 "sessions plus the team-written validation set; the configured "
                 f"{decision.flag_threshold:g} stays where a flag has fewer than {decision.min_valid_positives} "
                 "positive validation sessions."]
    else:
        lines = [f"- Flags are raised at probability ≥ {decision.flag_threshold:g}."]
    special = chosen.get(thresholds.HIGH_PRECISION, {})
    threshold = thresholds.high_precision_threshold(decision, chosen)
    line = (f"- `{decision.high_precision_class}` is predicted only at probability ≥ {threshold:g}; "
            "otherwise the next class wins.")
    if special.get("status", "").startswith("chosen"):
        line += (f" Chosen on the validation sessions for precision ≥ {decision.high_precision_goal:g}: "
                 f"there {special['valid_precision']:.0%} precision, {special['valid_recall']:.0%} recall "
                 f"({special['valid_positives']} positive sessions)")
        line += "." if "never reaches" not in special["status"] else ", below the goal: no threshold reached it."
    return "\n".join(lines + [line])


def render(name: str, version: str, kind: str, runtime: dict[str, str], served: dict[str, float], data: pd.DataFrame,
           params: Params, decision: str, reasons: list[str], calibration: dict[str, dict] | None = None,
           chosen_thresholds: dict | None = None, member_weights: dict[str, dict[str, float]] | None = None) -> str:
    written = set(params.split.train_only_sources)
    n_written = int(data.loc[data.index.isin(written), "sessions"].sum())
    real = data[~data.index.isin(written)]
    special = params.decision.high_precision_class
    figures = ["| target | " + " | ".join(SECTIONS) + " |", "|---|" + "---|" * len(SECTIONS)]
    for target, label in TARGET_NAMES.items():
        cells = [with_interval(served, pattern.format(t=target) + ".macro_f1") for pattern in SECTIONS.values()]
        figures.append(f"| {label} | " + " | ".join(cells) + " |")

    def operating_point(pattern: str, name: str) -> str:
        prefix = pattern.format(t="legitimacy") + f".{special}"
        if served.get(f"{prefix}.test_support") == 0:
            return f"no `{special}` session"
        return with_interval(served, f"{prefix}.{name}_at_operating_point")

    abusive = [f"| `{special}` {name} at its threshold | "
               + " | ".join(operating_point(pattern, name) for pattern in SECTIONS.values()) + " |"
               for name in ("precision", "recall")]
    rare_real = int(real[["excessive", "abusive"]].to_numpy().sum()) if not real.empty else 0
    int8_note = (" The int8 encoder has unsigned 8-bit weights, whose products no x86 instruction set saturates: "
                 "its predictions were identical on an emulated AVX2-only CPU (`benchmarks/isa_parity.py`); "
                 "bf16 and ONNX fp32 were not compared across instruction sets."
                 if "onnx_int8" in runtime.get("runtime.candidates", "").split(",") else "")
    deviations = ", ".join(f"`{k[len('runtime.deviation.'):]}` {v}" for k, v in runtime.items()
                           if k.startswith("runtime.deviation.")) or "none evaluated"
    return f"""# {name} v{version}

Model kind `{kind}`, {describe_runtime(runtime)}. Registry gate: **{decision}**.{describe_members(member_weights)}

## Intended use

Triage support for Chinese customer-service transcripts: one row per session with
complaint legitimacy, the customer's peak and final emotion, and five risk flags,
as defined by the project's labeling guide. A person decides. `{special}` routes a
case to a senior person for review; it never justifies refusing service. A
`safety` flag asks for a person at once, whatever the other outputs say.

## Training data (labelled sessions of the train split)

{markdown_table(data, "source")}

Team-written sessions: {n_written} of {int(data['sessions'].sum())} training sessions
({n_written / max(int(data['sessions'].sum()), 1):.0%}).

## Figures as served (macro-F1, 95 % bootstrap interval over sessions)

Real sessions and team-written ones are never mixed in one figure.

{chr(10).join(figures)}
{chr(10).join(abusive)}

## Decisions

{describe_thresholds(params, chosen_thresholds or {})}
{describe_review(params, served)}

{describe_calibration(calibration or {}, served) if not member_weights else
 "Probabilities: each member's temperature-scaled probabilities (see the members' runs), averaged as above."}

## Limits

- Real training sessions hold {rare_real} `excessive` or `abusive` session(s): what the model knows of bad faith comes from team-written sessions, whose figures say how it behaves on written text, not on real bad faith.
- Real flags are rare: the real test split holds only a handful of positives, so real flag figures are not meaningful yet.
- Every runtime this version may use was evaluated on the registering machine's CPU: none moves a gate figure by more than {params.register.runtime_tolerance} (absolute) from the trained fp32 model (largest change per runtime: {deviations}).{int8_note}

## Gate

{chr(10).join(f"- {r}" for r in reasons)}
"""
