"""Stage `register`: log the model as a self-contained pyfunc, register it, gate promotion.

The pyfunc holds everything from raw turns to session rows (`pipeline.serving`):
clean_text with PII masking, tokenizer, model weights (plus the encoder exported
for the runtime `register.runtime` names, see `pipeline.runtime`), session
aggregation and thresholds. With `register.runtime: auto` every runtime within
`register.runtime_tolerance` of the trained fp32 model's figures is shipped and
the loading machine times them (`pipeline.runtime`); the version's figures are
those of the first kept (int8), which do not depend on the CPU. Each registration is a new version of one registered model with
alias `challenger`; it replaces `champion` unless it is worse than the champion
on any gate figure: the macro-F1 of every gate target and the precision of the
high-precision class (abusive), on the real test split and on the written test
set. Both models are judged as served (runtime included) through `evaluate`'s
code on the same sessions, and "worse" means that the paired bootstrap interval
of the difference (challenger minus champion, sessions resampled alike for
both) lies below zero: a difference within noise never blocks nor promotes on
its own. The decision, each difference and its interval go to a report (DVC
metrics) and to the version's tags.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import tempfile
import tomllib
from pathlib import Path

import mlflow
import pandas as pd
import yaml
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException
from mlflow.models import ModelSignature, infer_signature
from mlflow.types import ColSpec, Schema

from pipeline import model_card, tracking
from pipeline.evaluate import SECTIONS, evaluate_model, predicted_figures, read_evaluation_splits, section_prefix
from pipeline.io import read_json, read_split_ids, read_table, write_json
from pipeline.metrics import paired_difference
from pipeline.model import load_model, read_manifest
from pipeline.params import DecisionParams, Params, SessionEmotionParams, load_params
from pipeline.runtime import (RUNTIME_FILE, attach_runtime, cpu_description, drop_candidate, load_served,
                              prepare_serving_dir, read_runtime_info)
from pipeline.reporting.profile import REFERENCE_FILE, reference_profile
from pipeline.serving import SessionPredictor

CHAMPION, CHALLENGER = "champion", "challenger"
PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_FILE = PACKAGE_DIR.parent / "pyproject.toml"


def gate_figures(params: Params, targets: dict[str, tuple[tuple[str, ...], str]]) -> dict[str, tuple]:
    """Gate key -> (prediction key, figure, classes, kind): every gate target's macro-F1 and
    the high-precision class's precision, in every evaluation section.

    `targets`: name -> (classes, kind) of what the model predicts, derived session
    emotions included."""
    special = params.decision.high_precision_class
    out = {}
    for section in SECTIONS:
        prefix = section_prefix(section)
        for name in params.register.gate_targets:
            if name not in targets:
                continue
            classes, kind = targets[name]
            out[f"{prefix}{name}.macro_f1"] = (f"{prefix}{name}", "macro_f1", classes, kind)
            if special in classes:
                out[f"{prefix}{name}.{special}.precision_at_operating_point"] = (
                    f"{prefix}{name}", f"{special}.precision", classes, kind)
    return out


def gate_metrics(evaluation: dict[str, float], figures: dict[str, tuple]) -> dict[str, float]:
    """Point values of the gate figures that the evaluation has."""
    return {key: float(evaluation[key]) for key in figures if key in evaluation}


def paired_gate(challenger: dict[str, pd.DataFrame], champion: dict[str, pd.DataFrame] | None,
                figures: dict[str, tuple], params: Params) -> tuple[bool, list[str], dict[str, float]]:
    """Promote unless some gate figure is worse beyond noise: the paired bootstrap interval of
    challenger minus champion lies entirely below zero. Returns (promote, reasons, report figures)."""
    if champion is None:
        return True, ["no champion yet"], {}
    ev = params.evaluate
    promote, reasons, report = True, [], {}
    for key, (prediction_key, figure, classes, kind) in sorted(figures.items()):
        if prediction_key not in champion:
            reasons.append(f"{key}: not compared (the champion has no predictions for it)")
            continue
        if prediction_key not in challenger:
            promote = False
            reasons.append(f"{key}: missing in challenger")
            continue
        diff = paired_difference(challenger[prediction_key], champion[prediction_key], classes, kind, (figure,),
                                 ev.bootstrap_samples, ev.confidence, ev.seed)[figure]
        worse = diff["ci_high"] < 0
        promote &= not worse
        for name, value in diff.items():
            report[f"{key}.{name}"] = value
        verdict = "WORSE" if worse else ("better" if diff["ci_low"] > 0 else "within noise")
        unmatched = (f" ({diff['sessions_only_one_side']} sessions scored by one model only, left out)"
                     if diff["sessions_only_one_side"] else "")
        reasons.append(f"{key}: {diff['challenger']:.4f} vs champion {diff['champion']:.4f}, difference "
                       f"{diff['difference']:+.4f} [{diff['ci_low']:+.4f}, {diff['ci_high']:+.4f}] on "
                       f"{diff['sessions']} sessions{unmatched}: {verdict}")
    return promote, reasons, report


def unpaired_gate(challenger: dict[str, float], champion: dict[str, float]) -> tuple[bool, list[str]]:
    """Fallback when the champion cannot be re-evaluated: its recorded figures, no interval."""
    reasons, promote = [], True
    for key, old in sorted(champion.items()):
        new = challenger.get(key)
        if new is None:
            promote = False
            reasons.append(f"{key}: missing in challenger (champion {old:.4f})")
        elif new + 1e-6 < old:  # tags keep 6 decimals
            promote = False
            reasons.append(f"{key}: {new:.4f} < champion {old:.4f} (recorded, unpaired)")
        else:
            reasons.append(f"{key}: {new:.4f} >= champion {old:.4f} (recorded, unpaired)")
    return promote, reasons


def load_champion(client: MlflowClient, name: str, version) -> tuple[object, dict]:
    """The registered champion's files, loaded as it serves: (model, its serving config)."""
    local = Path(mlflow.artifacts.download_artifacts(client.get_model_version_download_uri(name, version.version)))
    flavor = yaml.safe_load((local / "MLmodel").read_text(encoding="utf-8"))["flavors"]["python_function"]
    artifacts = {k: local / v["path"] for k, v in flavor["artifacts"].items()}
    config = json.loads(artifacts["serving_config"].read_text(encoding="utf-8"))
    # judged with its first runtime, as its own figures were (not this machine's fastest)
    model, _ = load_served(artifacts["model"], next(iter(read_runtime_info(artifacts["model"])["candidates"])),
                           device="cpu")
    return model, config


def champion_predictions(model, config: dict, turns: pd.DataFrame, sessions: pd.DataFrame,
                         split_ids: dict[str, pd.Series], params: Params, plots: Path) -> dict[str, pd.DataFrame]:
    """Re-evaluate the champion on today's evaluation sessions, with its own thresholds,
    session-emotion rule and batches (the champion as it serves), but today's sources
    per target: a champion trained when a target read fewer corpora is still judged
    on every session the challenger is judged on."""
    today = {t.name: t for t in params.targets}
    model.targets = tuple(dataclasses.replace(t, sources=today[t.name].sources) if t.name in today else t
                          for t in model.targets)
    own = dataclasses.replace(params, decision=DecisionParams(**config["decision"]),
                              session_emotion=SessionEmotionParams(**config["session_emotion"]))
    plots.mkdir(parents=True, exist_ok=True)
    _, predictions = evaluate_model(model, turns, sessions, split_ids, own, plots,
                                    batch_tokens=config.get("batch_tokens"))
    return predictions


def pinned_requirements() -> list[str]:
    return tomllib.loads(PROJECT_FILE.read_text(encoding="utf-8"))["project"]["dependencies"]


def input_example(turns: pd.DataFrame, test_ids: pd.Series) -> pd.DataFrame:
    """A real test session, already cleaned (so PII is masked) — never raw text."""
    jddc = turns[turns["session_id"].isin(test_ids) & (turns["source"] == "jddc")]
    first = jddc["session_id"].iloc[0]
    example = jddc.loc[jddc["session_id"] == first, ["session_id", "turn_index", "role", "text"]].reset_index(drop=True)
    return example.astype({"turn_index": "float64"})  # the signature's type, see main()


def judge_runtimes(serving_dir: Path, runtime_info: dict, trained: dict[str, float], figures: dict[str, tuple],
                   turns: pd.DataFrame, sessions: pd.DataFrame, split_ids: dict[str, pd.Series], params: Params,
                   plots: Path) -> tuple[dict[str, tuple], dict[str, float]]:
    """Evaluate each prepared runtime but PyTorch fp32; drop those beyond `register.runtime_tolerance` of fp32.

    Returns the evaluations kept (runtime -> (metrics, predictions)) and each
    evaluated runtime's largest absolute difference from the trained model's
    gate figures. PyTorch fp32 is the trained model itself: never dropped, and
    a fixed runtime that fails falls back to it.
    """
    evaluations, deviations = {}, {}
    tolerance = params.register.runtime_tolerance
    for runtime in [r for r in runtime_info["candidates"] if r not in ("torch", "native")]:
        model, _ = load_served(serving_dir, choice=runtime, device="cpu")
        (plots / runtime).mkdir(parents=True, exist_ok=True)
        metrics, predictions = evaluate_model(model, turns, sessions, split_ids, params, plots / runtime,
                                              batch_tokens=params.register.batch_tokens)
        moved = {k: abs(v - trained[k]) for k, v in gate_metrics(metrics, figures).items() if k in trained}
        worst = max(moved, key=moved.get)
        deviations[runtime] = round(moved[worst], 4)
        print(f"register: {runtime} figures within {moved[worst]:.4f} of fp32 (largest: {worst})")
        if moved[worst] > tolerance:
            reason = f"{worst} moves {moved[worst]:.4f} from fp32 > tolerance {tolerance}"
            print(f"register: WARNING dropping runtime {runtime}: {reason}")
            info = drop_candidate(serving_dir, runtime, reason)
            if not info["candidates"]:  # a fixed runtime failed: PyTorch fp32, the trained model itself, serves
                info["candidates"]["torch"] = {}
                earlier = info.get("fallback_reason")  # a parity fallback before this one is kept
                info |= {"requested": info.get("requested", info["runtime"]), "runtime": "torch",
                         "fallback_reason": "; ".join(filter(None, [earlier, f"{runtime}: {reason}"]))}
                write_json(info, serving_dir / RUNTIME_FILE)
        else:
            evaluations[runtime] = (metrics, predictions)
    return evaluations, deviations


def runtime_summary(info: dict, judged: str, runtime_here: str, deviations: dict[str, float]) -> dict[str, str]:
    """Flat tags for the run, the registry version and the model card."""
    tags = {"runtime": info["runtime"], "runtime.candidates": ",".join(info["candidates"]),
            "runtime.figures_of": judged,
            "runtime.fastest_on_register_machine": f"{runtime_here} on {cpu_description()}"}
    tags |= {f"runtime.deviation.{k}": f"{v:.4f}" for k, v in deviations.items()}
    tags |= {f"runtime.rejected.{k}": v for k, v in info.get("rejected", {}).items()}
    if "requested" in info:  # a fixed runtime failed a check and gave way
        tags |= {"runtime.requested": info["requested"], "runtime.fallback_reason": info["fallback_reason"]}
    return tags


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--model", required=True, help="model directory (any kind)")
    parser.add_argument("--eval-metrics", required=True, help="evaluate's metrics for that model")
    parser.add_argument("--turns", required=True, help="cleaned turns: test inputs and the input example")
    parser.add_argument("--sessions", required=True, help="cleaned sessions with their labels")
    parser.add_argument("--split-dir", required=True)
    parser.add_argument("--report-out", required=True)
    parser.add_argument("--card-out", required=True, help="the version's model card (Markdown)")
    args = parser.parse_args()
    params = load_params(args.params)
    name = params.register.model_name
    model_dir = Path(args.model)
    manifest = read_manifest(model_dir)

    # The served copy of the model: weights plus the encoder runtime(s) chosen by params.
    staging = Path(tempfile.mkdtemp(prefix="register-"))
    serving_dir = staging / "model"
    (staging / "plots").mkdir()
    served = load_model(model_dir)
    runtime_info = prepare_serving_dir(served, model_dir, serving_dir, params.register.runtime)
    print(f"register: runtimes prepared {sorted(runtime_info['candidates'])}")

    turns, sessions = read_table(args.turns), read_table(args.sessions)
    split_ids = read_evaluation_splits(args.split_dir)
    test_ids = split_ids["test"]
    figures = gate_figures(params, predicted_figures(served.targets, params))
    trained_metrics = gate_metrics(read_json(args.eval_metrics), figures)
    # The gate judges what is served: the same evaluation as `evaluate`, on the
    # served runtime and its batches. Every prepared runtime is evaluated; one
    # whose figures move beyond the tolerance from the trained fp32 model's is
    # dropped, so whichever a machine picks at load time serves the same figures
    # within that tolerance.
    evaluations, deviations = judge_runtimes(serving_dir, runtime_info, trained_metrics, figures, turns, sessions,
                                             split_ids, params, staging / "plots")
    runtime_info = read_runtime_info(serving_dir)
    # The version's figures and the gate use the first runtime kept (int8 unless it
    # failed a check), not the one this machine happens to time fastest: so the
    # registry's figures are the same whichever machine registers (int8 results do
    # not depend on the instruction set), and every other runtime is within tolerance.
    judged = next(iter(runtime_info["candidates"]))
    served = load_model(serving_dir)
    runtime_here = attach_runtime(served, serving_dir, honour_env=False)
    print(f"register: runtime {runtime_info['runtime']}, figures of {judged}, fastest here: {runtime_here}")
    attach_runtime(served, serving_dir, judged, device="cpu")
    if judged not in evaluations:  # PyTorch fp32 is evaluated only when it is the one judged
        evaluations[judged] = evaluate_model(served, turns, sessions, split_ids, params, staging / "plots",
                                             batch_tokens=params.register.batch_tokens)
    served_metrics, served_predictions = evaluations[judged]
    example = input_example(turns, test_ids)
    predictor = SessionPredictor(served, params.decision, params.session_emotion)
    predictor.batch_tokens = params.register.batch_tokens
    example_output, _ = predictor.predict(example)
    # What the training data looks like, kept with the version: the scorer's batch
    # report compares every batch with it (drift).
    real_sources = [s for s in params.target("legitimacy").sources
                    if s not in params.split.written_sources]
    write_json(reference_profile(predictor, turns, read_split_ids(args.split_dir, "train"), test_ids, real_sources,
                                 list(params.report.length_edges)), serving_dir / REFERENCE_FILE)
    example_output.insert(len(example_output.columns) - 1, "model_name", name)
    example_output.insert(len(example_output.columns) - 1, "model_version", "0")
    inferred = infer_signature(example, example_output, params={"model_name": name, "model_version": ""})
    # Two input shapes: a turn table (role, text, optional turn_index), or one row
    # per session with `turns` as JSON (row-aligned engines such as Spark UDFs).
    signature = ModelSignature(
        inputs=Schema([ColSpec("string", "session_id"), ColSpec("string", "role", required=False),
                       ColSpec("string", "text", required=False),
                       # double, not long: row-aligned engines fill absent columns with NaN
                       ColSpec("double", "turn_index", required=False),
                       ColSpec("string", "turns", required=False)]),
        outputs=inferred.outputs, params=inferred.params)
    challenger_metrics = gate_metrics(served_metrics, figures)

    tracking.configure(params.tracking.experiment)
    client = MlflowClient()
    with mlflow.start_run(run_name=f"register-{manifest['kind']}") as run:
        config = staging / "serving.json"
        config.write_text(json.dumps({"model_name": name, "batch_tokens": params.register.batch_tokens,
                                      "decision": dataclasses.asdict(params.decision),
                                      "session_emotion": dataclasses.asdict(params.session_emotion)}))
        runtime_tags = runtime_summary(runtime_info, judged, runtime_here, deviations)
        mlflow.set_tags({"model_kind": manifest["kind"], "training_run_id": manifest.get("mlflow_run_id", ""),
                         **runtime_tags})
        tracking.log_lineage({"model": args.model, "eval_metrics": args.eval_metrics})
        mlflow.log_metrics(tracking.flatten("test", challenger_metrics))
        info = mlflow.pyfunc.log_model(
            name="model",
            python_model=str(PACKAGE_DIR / "pyfunc_entry.py"),
            artifacts={"model": str(serving_dir), "serving_config": str(config)},
            code_paths=[str(PACKAGE_DIR)],
            signature=signature,
            input_example=example,
            pip_requirements=pinned_requirements(),
            registered_model_name=name,
        )
    version = str(info.registered_model_version)
    client.set_registered_model_alias(name, CHALLENGER, version)
    for key, value in challenger_metrics.items():
        client.set_model_version_tag(name, version, f"test.{key}", f"{value:.6f}")
    client.set_model_version_tag(name, version, "model_kind", manifest["kind"])
    for key, value in runtime_tags.items():
        client.set_model_version_tag(name, version, key, str(value)[:5000])

    try:
        champion = client.get_model_version_by_alias(name, CHAMPION)
    except MlflowException:
        champion = None
    gate_report: dict[str, float] = {}
    loaded = None
    if champion is None:
        promote, reasons, gate_mode = True, ["no champion yet"], "none"
    else:
        try:
            loaded = load_champion(client, name, champion)
        # An old champion's files may not load with today's code: judged on its recorded figures.
        except (MlflowException, OSError, KeyError, TypeError, ValueError) as exc:
            print(f"register: champion v{champion.version} could not be loaded ({exc!r}); "
                  "comparing with its recorded figures instead")
            recorded = {k[len("test."):]: float(v) for k, v in champion.tags.items() if k.startswith("test.")}
            promote, reasons = unpaired_gate(challenger_metrics, gate_metrics(recorded, figures))
            reasons.insert(0, f"champion could not be loaded, compared with its recorded figures: {exc!r:.300}")
            gate_mode = "unpaired"
    if loaded is not None:
        old = champion_predictions(*loaded, turns, sessions, split_ids, params, staging / "champion_plots")
        promote, reasons, gate_report = paired_gate(served_predictions, old, figures, params)
        gate_mode = "paired"
    shutil.rmtree(staging, ignore_errors=True)
    if promote:
        client.set_registered_model_alias(name, CHAMPION, version)
    decision = "promoted" if promote else "kept champion"
    client.set_model_version_tag(name, version, "gate.decision", decision)
    client.set_model_version_tag(name, version, "gate.mode", gate_mode)
    client.set_model_version_tag(name, version, "gate.reasons", "; ".join(reasons)[:5000])
    for key, value in gate_report.items():
        if key.endswith((".difference", ".ci_low", ".ci_high")):
            client.set_model_version_tag(name, version, f"gate.{key}", f"{value:.6f}")
    card = model_card.render(name, version, manifest["kind"], runtime_tags, served_metrics,
                             model_card.training_data(sessions, read_split_ids(args.split_dir, "train")),
                             params, decision, reasons, manifest.get("calibration", {}),
                             manifest.get("thresholds", {}), manifest.get("weights"))
    Path(args.card_out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.card_out).write_text(card, encoding="utf-8")
    client.log_text(run.info.run_id, card, "model_card.md")
    client.update_model_version(name, version, description=card)

    report = {
        "model_name": name, "version": int(version), "model_kind": manifest["kind"], "run_id": run.info.run_id,
        "runtime": runtime_info["runtime"], "runtime_judged": judged, "runtime_fastest_here": runtime_here,
        "runtime_candidates": runtime_tags["runtime.candidates"],
        **{f"runtime_deviation.{k}": v for k, v in deviations.items()},
        "promoted": int(promote), "gate_paired": int(gate_mode == "paired"), "champion_version": int(version) if promote else int(champion.version),
        "previous_champion_version": int(champion.version) if champion else 0,
        **{f"challenger.{k}": v for k, v in challenger_metrics.items()},
        **{f"challenger.{k}_{b}": served_metrics[f"{k}_{b}"] for k in challenger_metrics for b in ("ci_low", "ci_high")
           if f"{k}_{b}" in served_metrics},
        **{f"gate.{k}": v for k, v in gate_report.items()},
        **{f"trained_model.{k}": v for k, v in trained_metrics.items()},
    }
    write_json(report, args.report_out)
    print(f"register: {name} v{version} ({manifest['kind']}): {decision}")
    for reason in reasons:
        print("  ", reason)


if __name__ == "__main__":
    main()
