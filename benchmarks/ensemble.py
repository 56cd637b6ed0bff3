"""Probability-averaging ensemble of the TF-IDF baseline and the BERT model, with paired intervals.

    OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 nice -n 10 python benchmarks/ensemble.py \\
        [--baseline models/baseline] [--bert models/bert] [--out metrics/experiments/ensemble-baseline-bert.json]

Per target the ensemble's probabilities are `w * p_baseline + (1 - w) * p_bert`
(targets both models predict, same classes in the same order; checked). Everything
is chosen on the validation data only (real `valid` + `written_valid`, the units
pipeline/thresholds.py chooses on):

1. w per target from WEIGHTS, maximising the valid macro-F1 BERT's epoch selection
   computes for that target (BertTriageModel.validate: argmax for a single-label
   target, every flag at 0.5 over the flags present for the multilabel one);
2. then the flag thresholds and the abusive operating threshold of the ensemble with
   pipeline.thresholds.choose, as for any single model.

The ensemble is a duck-typed model (predict_proba, targets, calibration, thresholds),
so it goes through the same evaluate_model as the two members: real test sessions
(per corpus) and the team-written test set. Paired differences ensemble − BERT and
ensemble − baseline for compare.FIGURES use compare.paired_differences (the bootstrap
of params.yaml `evaluate`; per-corpus figures on that corpus's units). The valid
macro-F1 of every w, overall and on the real / written part alone, is kept in the
JSON to show what the choice leaned on. Also the written_test abusive precision and
recall at the operating threshold and each written flag's F1. Prints a table,
writes the JSON; asserts nothing about the figures.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from sklearn.metrics import f1_score

from pipeline import thresholds
from pipeline.evaluate import evaluate_model, read_evaluation_splits
from pipeline.examples import key_columns
from pipeline.io import read_split_ids, read_table
from pipeline.model import TriageModel, load_model
from pipeline.params import Params, TargetParams, load_params

from compare import FIGURES, paired_differences  # noqa: E402  (benchmarks/ is on sys.path when run)

# Weight of the baseline: 0 = BERT alone, 1 = baseline alone.
WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
VALID, WRITTEN_VALID = "valid", "written_valid"


class Memoized:
    """A model whose predict_proba answers repeated requests from memory.

    Choosing w asks for the same valid probabilities once per candidate weight, and
    the test split is scored for BERT alone and again inside the ensemble: BERT
    inference is the only real cost on a shared 2-core machine, so it runs once per
    (turn rows, targets, batching). Everything else is forwarded to the model.
    """

    def __init__(self, model: TriageModel) -> None:
        self._model = model
        self._cache: dict[tuple, dict[str, pd.DataFrame]] = {}

    def __getattr__(self, name: str):
        return getattr(self._model, name)

    def predict_proba(self, turns: pd.DataFrame, targets: list[str] | None = None,
                      batch_size: int | None = None, batch_tokens: int | None = None) -> dict[str, pd.DataFrame]:
        rows = pd.util.hash_pandas_object(turns[["session_id", "turn_index", "text"]], index=False).to_numpy()
        key = (hashlib.sha1(rows.tobytes()).hexdigest(), len(turns),
               None if targets is None else tuple(targets), batch_size, batch_tokens)
        if key not in self._cache:
            self._cache[key] = self._model.predict_proba(turns, targets, batch_size=batch_size,
                                                         batch_tokens=batch_tokens)
        # Callers get their own frames, so nothing downstream can alter the cached ones.
        return {name: frame.copy() for name, frame in self._cache[key].items()}


def shared_targets(baseline: TriageModel, bert: TriageModel) -> tuple[TargetParams, ...]:
    """Targets both models predict, in BERT's order. Averaging is only meaningful if a
    target means the same to both (level, kind, label, roles, sources, and the same
    classes in the same order, which decide's argmax and the thresholds index by)."""
    base = {t.name: t for t in baseline.targets}
    shared = []
    for target in bert.targets:
        other = base.get(target.name)
        if other is None:
            continue
        if dataclasses.asdict(other) != dataclasses.asdict(target):
            raise ValueError(f"{target.name}: the models define it differently:\n {other}\n {target}")
        shared.append(target)
    return tuple(shared)


class AveragedModel:
    """Duck-typed model: per target `w * p_baseline + (1 - w) * p_bert`.

    `calibration` is empty: each member's temperature is already applied inside its
    own predict_proba, so the average is of calibrated probabilities and there is no
    ensemble-level temperature to undo (evaluate's `*_uncalibrated` figures equal the
    served ones). `thresholds` is set by pipeline.thresholds.choose on validation.
    """

    kind = "ensemble"

    def __init__(self, baseline: TriageModel, bert: TriageModel, weights: dict[str, float] | None = None) -> None:
        self.baseline, self.bert = baseline, bert
        self.targets = shared_targets(baseline, bert)
        self.weights = dict(weights or {t.name: 0.5 for t in self.targets})
        self.calibration: dict[str, dict] = {}
        self.thresholds: dict = {}

    def predict_proba(self, turns: pd.DataFrame, targets: list[str] | None = None,
                      batch_size: int | None = None, batch_tokens: int | None = None) -> dict[str, pd.DataFrame]:
        wanted = [t for t in self.targets if targets is None or t.name in targets]
        names = [t.name for t in wanted]
        from_baseline = self.baseline.predict_proba(turns, names, batch_size=batch_size, batch_tokens=batch_tokens)
        from_bert = self.bert.predict_proba(turns, names, batch_size=batch_size, batch_tokens=batch_tokens)
        out = {}
        for target in wanted:
            if target.name not in from_baseline or target.name not in from_bert:
                continue  # a member without this head: no ensemble prediction either
            out[target.name] = average(target, from_baseline[target.name], from_bert[target.name],
                                       self.weights[target.name])
        return out


def average(target: TargetParams, baseline: pd.DataFrame, bert: pd.DataFrame, w: float) -> pd.DataFrame:
    """Rows keyed as the baseline's frame; each class column averaged by name, so the
    members' own column order does not matter. Both must score exactly the same units."""
    keys, classes = key_columns(target), list(target.classes)
    for name, frame in (("baseline", baseline), ("bert", bert)):
        missing = [c for c in classes if c not in frame]
        if missing:
            raise ValueError(f"{target.name}: {name} gives no probability for {missing}")
    joined = baseline[keys + classes].merge(bert[keys + classes], on=keys, how="outer", suffixes=("_b", "_n"),
                                            indicator=True, validate="one_to_one")
    if (joined["_merge"] != "both").any():
        raise ValueError(f"{target.name}: the members scored different units "
                         f"({(joined['_merge'] != 'both').sum()} rows only one side)")
    joined = baseline[keys].merge(joined, on=keys, how="left")  # the baseline's row order
    out = joined[keys].copy()
    for c in classes:
        out[c] = w * joined[f"{c}_b"].to_numpy(np.float64) + (1 - w) * joined[f"{c}_n"].to_numpy(np.float64)
    return out


def selection_macro_f1(target: TargetParams, gold: pd.DataFrame, values: np.ndarray) -> float:
    """The per-target valid macro-F1 of BertTriageModel.validate (the epoch selection):
    argmax over classes for a single-label target; every flag at 0.5, averaged over
    the flags that are gold or predicted, for the multilabel one."""
    if target.kind == "single":
        predicted = np.asarray(target.classes)[values.argmax(1)]
        return float(f1_score(gold[target.label], predicted, average="macro", zero_division=0))
    truth = gold[list(target.classes)].to_numpy().astype(bool)
    present = truth.any(0) | (values >= 0.5).any(0)
    if not present.any():
        return 0.0
    return float(f1_score(truth[:, present], values[:, present] >= 0.5, average="macro", zero_division=0))


def thresholded_flags_macro_f1(gold: pd.DataFrame, values: np.ndarray, target: TargetParams,
                               params: Params) -> float:
    """Diagnostic only (not used to choose w): the valid flags macro-F1 once each flag's
    threshold is chosen on these same units by thresholds.choose_flag."""
    d = params.decision
    scores = []
    for i, flag in enumerate(target.classes):
        truth = gold[flag].to_numpy(bool)
        cut = thresholds.choose_flag(truth, values[:, i], d.flag_threshold, d.min_valid_positives)["threshold"]
        scores.append(f1_score(truth, values[:, i] >= cut, zero_division=0))
    return float(np.mean(scores))


def choose_weights(ensemble: AveragedModel, turns: pd.DataFrame, sessions: pd.DataFrame,
                   valid_ids: pd.Series, written_valid_ids: pd.Series, params: Params) -> dict[str, dict]:
    """w per target on the validation units thresholds.py uses (its _valid_frame: the
    target's sources plus the written validation set). Ties: the w nearest 0.5, then
    the smaller; identical valid scores say nothing about which member to trust more."""
    report = {}
    both = pd.concat([valid_ids, written_valid_ids], ignore_index=True)
    for target in ensemble.targets:
        scores, diagnostics, by_part = {}, {}, {"real_valid": {}, "written_valid": {}}
        for w in WEIGHTS:
            ensemble.weights[target.name] = w
            frame = thresholds._valid_frame(ensemble, target, turns, sessions, both,
                                            params.split.valid_only_sources)
            if frame is None:
                break
            gold, values = frame
            scores[w] = selection_macro_f1(target, gold, values)
            # Diagnostics only: which part of the validation data the choice leans on.
            written = gold["session_id"].isin(written_valid_ids).to_numpy()
            for part, rows in (("real_valid", ~written), ("written_valid", written)):
                if rows.any():
                    by_part[part][str(w)] = round(selection_macro_f1(
                        target, gold[rows].reset_index(drop=True), values[rows]), 4)
            if target.kind == "multilabel":
                diagnostics[w] = thresholded_flags_macro_f1(gold, values, target, params)
        if not scores:
            ensemble.weights[target.name] = 0.5
            report[target.name] = {"w": 0.5, "status": "no valid units: 0.5 kept"}
            continue
        best = max(scores.values())
        chosen = min((w for w, s in scores.items() if s == best), key=lambda w: (abs(w - 0.5), w))
        ensemble.weights[target.name] = chosen
        report[target.name] = {"w": chosen, "valid_units": len(gold),
                               "valid_macro_f1_by_w": {str(w): round(s, 4) for w, s in scores.items()},
                               "diagnostic_by_part": by_part}
        if diagnostics:
            report[target.name]["diagnostic_valid_macro_f1_after_flag_thresholds_by_w"] = {
                str(w): round(s, 4) for w, s in diagnostics.items()}
    return report


def all_differences(candidate: dict[str, pd.DataFrame], reference: dict[str, pd.DataFrame],
                    model: AveragedModel, params: Params) -> dict[str, list[float]]:
    """compare.paired_differences per evaluated prefix, plus the per-corpus figures of
    FIGURES (`legitimacy.source.jddc`, ...), which it does not give: the same call on
    the units of that corpus only, as evaluate scores a corpus on its own units."""
    out = paired_differences(candidate, reference, model, params)
    for figure in FIGURES:
        if ".source." not in figure:
            continue
        prefix, source = figure.split(".source.")
        if prefix not in candidate or prefix not in reference:
            continue
        only = {prefix: candidate[prefix][candidate[prefix]["source"] == source]}
        against = {prefix: reference[prefix][reference[prefix]["source"] == source]}
        if len(only[prefix]) and len(against[prefix]):
            out[figure] = paired_differences(only, against, model, params)[prefix]
    return out


def figure_cell(metrics: dict[str, float], key: str) -> str:
    if key not in metrics:
        return ""
    return f"{metrics[key]:.3f} [{metrics[key + '_ci_low']:.3f}, {metrics[key + '_ci_high']:.3f}]"


def difference_cell(diff: list[float] | None) -> str:
    return "" if diff is None else "{:+.3f} [{:+.3f}, {:+.3f}]".format(*diff)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", default="models/baseline")
    parser.add_argument("--bert", default="models/bert")
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--turns", default="data/clean/turns.parquet")
    parser.add_argument("--sessions", default="data/clean/sessions.parquet")
    parser.add_argument("--split-dir", default="data/split")
    parser.add_argument("--out", default="metrics/experiments/ensemble-baseline-bert.json")
    args = parser.parse_args()
    started = time.perf_counter()

    params = load_params(args.params)
    turns, sessions = read_table(args.turns), read_table(args.sessions)
    test_ids = read_evaluation_splits(args.split_dir)
    baseline = Memoized(load_model(args.baseline))
    bert = Memoized(load_model(args.bert))
    # After loading: BertTriageModel's constructor sets torch to bert.threads (2); the
    # machine is shared, so one thread.
    torch.set_num_threads(1)
    ensemble = AveragedModel(baseline, bert)

    # --- choose on validation only
    valid_ids, written_valid_ids = (read_split_ids(args.split_dir, s) for s in (VALID, WRITTEN_VALID))
    weights = choose_weights(ensemble, turns, sessions, valid_ids, written_valid_ids, params)
    for name, r in weights.items():
        print(f"{name}: w = {r.get('w')} (baseline weight); valid macro-F1 by w {r.get('valid_macro_f1_by_w')}",
              flush=True)
    # Exactly as for a single model (train.py): the real valid ids and written_valid apart.
    thresholds.choose(ensemble, turns, sessions, valid_ids, written_valid_ids, params)
    print("ensemble thresholds:", json.dumps(thresholds.report(ensemble.thresholds)), flush=True)

    # --- test: the three models through the same evaluation path
    results, units = {}, {}
    with tempfile.TemporaryDirectory() as plots:
        for name, model in (("baseline", baseline), ("bert", bert), ("ensemble", ensemble)):
            results[name], units[name] = evaluate_model(model, turns, sessions, test_ids, params, Path(plots))
            print(f"evaluated {name} ({time.perf_counter() - started:.0f} s)", flush=True)
    differences = {other: all_differences(units["ensemble"], units[other], ensemble, params)
                   for other in ("bert", "baseline")}

    figures = {}
    for figure in FIGURES:
        key = f"{figure}.macro_f1"
        if key not in results["ensemble"]:
            continue
        figures[figure] = {name: [results[name][key], results[name][key + "_ci_low"], results[name][key + "_ci_high"]]
                           for name in results if key in results[name]}
        for other, diffs in differences.items():
            if figure in diffs:
                figures[figure][f"ensemble_minus_{other}"] = diffs[figure]

    special = params.decision.high_precision_class
    flag_target = next(t for t in ensemble.targets if t.kind == "multilabel")
    written = {"abusive_at_operating_point": {}, "flag_f1": {}}
    for name in results:
        prefix = f"written_test.legitimacy.{special}"
        written["abusive_at_operating_point"][name] = {
            k: results[name][f"{prefix}.{k}"] for k in (
                "operating_threshold", "precision_at_operating_point", "precision_at_operating_point_ci_low",
                "precision_at_operating_point_ci_high", "recall_at_operating_point",
                "recall_at_operating_point_ci_low", "recall_at_operating_point_ci_high",
                "predicted_at_operating_point", "test_support") if f"{prefix}.{k}" in results[name]}
        written["flag_f1"][name] = {
            flag: {"f1": [results[name][f"written_test.flags.{flag}.f1"],
                          results[name].get(f"written_test.flags.{flag}.f1_ci_low"),
                          results[name].get(f"written_test.flags.{flag}.f1_ci_high")],
                   "threshold": results[name].get(f"written_test.flags.{flag}.threshold")}
            for flag in flag_target.classes if f"written_test.flags.{flag}.f1" in results[name]}

    seconds = round(time.perf_counter() - started, 1)
    report = {"baseline": args.baseline, "bert": args.bert,
              "combination": "w * p_baseline + (1 - w) * p_bert, per target",
              "chosen_on": "valid + written_valid (thresholds.py units); never test",
              "weights": weights, "thresholds": ensemble.thresholds, "figures": figures,
              "written_test": written, "runtime_seconds": seconds}
    Path(args.out).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")

    # --- readable table: real and written sections apart
    for section, chosen in (("REAL test sessions (JDDC + shop chats)", [f for f in figures if "written_test" not in f]),
                            ("WRITTEN test set (team-written)", [f for f in figures if "written_test" in f])):
        rows = {f: {"baseline": figure_cell(results["baseline"], f"{f}.macro_f1"),
                    "bert": figure_cell(results["bert"], f"{f}.macro_f1"),
                    "ensemble": figure_cell(results["ensemble"], f"{f}.macro_f1"),
                    "ens − bert": difference_cell(figures[f].get("ensemble_minus_bert")),
                    "ens − baseline": difference_cell(figures[f].get("ensemble_minus_baseline"))}
                for f in chosen}
        print(f"\n{section}: macro-F1 [95% CI]; differences paired over sessions [95% CI]")
        print(pd.DataFrame(rows).T.to_string())
    print(f"\nwritten_test {special} at each model's operating threshold (exact binomial 95% CI):")
    for name, v in written["abusive_at_operating_point"].items():
        print(f"  {name:9s} threshold {v['operating_threshold']:.2f}: precision "
              f"{v['precision_at_operating_point']:.3f} [{v['precision_at_operating_point_ci_low']:.3f}, "
              f"{v['precision_at_operating_point_ci_high']:.3f}], recall {v['recall_at_operating_point']:.3f} "
              f"[{v['recall_at_operating_point_ci_low']:.3f}, {v['recall_at_operating_point_ci_high']:.3f}] "
              f"({v['predicted_at_operating_point']} predicted, {v['test_support']} gold)")
    print("\nwritten_test flag F1 [95% CI] (threshold):")
    print(pd.DataFrame({name: {flag: f"{v['f1'][0]:.3f} [{v['f1'][1]:.3f}, {v['f1'][2]:.3f}] ({v['threshold']:.2f})"
                               for flag, v in per_flag.items()}
                        for name, per_flag in written["flag_f1"].items()}).to_string())
    print(f"\nruntime {seconds} s; wrote {args.out}")


if __name__ == "__main__":
    main()
