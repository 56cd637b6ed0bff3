"""Scoring speed and quality on the test split, one run, six ways of running the same fine-tuned model.

    python benchmarks/score.py [--model models/bert] [--repeat 3] [--sweep-batch-tokens N ...]

(a) naive: a `transformers.pipeline("feature-extraction")` fp32 loop, one text at a time,
    the fine-tuned heads applied to its mean-pooled output;
(b) the scorer's path (`SessionPredictor`), fp32, batches of `register.batch_tokens` padded tokens;
(c) the same with bf16 autocast (`torch_bf16`);
(d) the same with PyTorch dynamic int8 quantisation of the Linear layers;
(e) the same with the encoder exported to ONNX Runtime, fp32;
(f) the same with ONNX Runtime and dynamic int8 weights (`pipeline.runtime`);
    `--sweep-batch-tokens 256 1024 4096` adds rows for other batch sizes of the runtime
    `register.runtime: auto` picks on this machine (printed first).
Prints turns/s, sessions/s and macro-F1 per target for each. A benchmark prints
figures; it asserts nothing. (c), (e) and (f) are the runtimes `auto` chooses among at load time.
"""

from __future__ import annotations

import argparse
import copy
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from transformers import pipeline

from pipeline.aggregate import decide, session_emotions
from pipeline.examples import session_texts
from pipeline.io import read_table
from pipeline.labels import EMOTIONS
from pipeline.metrics import single_label_metrics
from pipeline.model import load_model
from pipeline.params import load_params
from pipeline.runtime import TORCH_THREADS_WITH_ONNX, OnnxEncoder, load_served, prepare_serving_dir
from pipeline.serving import SessionPredictor


def quality(sessions_out: pd.DataFrame, turns_out: pd.DataFrame, gold_sessions: pd.DataFrame,
            gold_turns: pd.DataFrame) -> dict[str, float]:
    merged = gold_sessions.merge(sessions_out, on="session_id", suffixes=("", "_pred"))
    turns = gold_turns.merge(turns_out, on=["session_id", "turn_index"], suffixes=("", "_pred"))
    return {
        "legitimacy": single_label_metrics(merged["legitimacy"].tolist(), merged["legitimacy_pred"].tolist(),
                                           ("no_complaint", "legitimate", "excessive", "unfounded", "abusive"))["macro_f1"],
        "emotion": single_label_metrics(turns["emotion"].tolist(), turns["emotion_pred"].tolist(), EMOTIONS)["macro_f1"],
        "emotion_peak": single_label_metrics(merged["emotion_peak"].tolist(), merged["emotion_peak_pred"].tolist(),
                                             EMOTIONS)["macro_f1"],
        "emotion_end": single_label_metrics(merged["emotion_end"].tolist(), merged["emotion_end_pred"].tolist(),
                                            EMOTIONS)["macro_f1"],
    }


def naive_loop(model, raw: pd.DataFrame, params) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One text at a time through transformers.pipeline, heads applied to the pooled features."""
    extractor = pipeline("feature-extraction", model=model.net.encoder, tokenizer=model.tokenizer,
                         framework="pt", device=-1)
    heads = model.net.heads

    def features(text: str, max_length: int) -> torch.Tensor:
        hidden = extractor(text, tokenize_kwargs={"truncation": True, "max_length": max_length}, return_tensors=True)
        return hidden[0].mean(0)

    targets = {t.name: t for t in model.targets}
    rows = []
    for sid, text in session_texts(raw).itertuples(index=False):
        pooled = features(text, model.params.max_length)
        row = {"session_id": sid}
        row.update(dict(zip(targets["legitimacy"].classes, heads["legitimacy"](pooled).softmax(-1).tolist())))
        rows.append(row)
    legit = pd.DataFrame(rows)
    customer = raw[raw["role"] == "customer"]
    probs = [heads["emotion"](features(t, model.params.turn_max_length)).softmax(-1).tolist() for t in customer["text"]]
    turn_probs = pd.concat([customer[["session_id", "turn_index"]].reset_index(drop=True),
                            pd.DataFrame(probs, columns=list(targets["emotion"].classes))], axis=1)
    sessions = pd.concat([legit[["session_id"]], decide(targets["legitimacy"], legit, params.decision)], axis=1)
    sessions = sessions.merge(session_emotions(raw, turn_probs, targets["emotion"].classes,
                                               params.session_emotion.trivial_max_chars), on="session_id")
    turns = pd.concat([turn_probs[["session_id", "turn_index"]], decide(targets["emotion"], turn_probs, params.decision)],
                      axis=1)
    return sessions, turns


def run_rounds(variants, repeat, n_turns, n_sessions, gold_sessions, gold_turns) -> pd.DataFrame:
    """Time every variant once per round, round after round, so slow drifts of a
    shared machine hit all variants alike; report the best and the median round."""
    seconds = {label: [] for label, _ in variants}
    outputs = {}
    for _ in range(repeat):
        for label, fn in variants:
            started = time.perf_counter()
            outputs[label] = fn()
            seconds[label].append(time.perf_counter() - started)
    rows = []
    for label, _ in variants:
        best, median = min(seconds[label]), float(np.median(seconds[label]))
        scores = quality(*outputs[label], gold_sessions, gold_turns)
        rows.append({"variant": label, "best s": round(best, 2), "median s": round(median, 2),
                     "turns/s": round(n_turns / best, 1), "sessions/s": round(n_sessions / best, 2),
                     **{f"F1 {k}": round(v, 4) for k, v in scores.items()}})
    table = pd.DataFrame(rows)
    table["speed-up (best)"] = (table.loc[0, "best s"] / table["best s"]).round(2)
    table["speed-up (median)"] = (table.loc[0, "median s"] / table["median s"]).round(2)
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="models/bert")
    parser.add_argument("--turns", default="data/clean/turns.parquet")
    parser.add_argument("--sessions", default="data/clean/sessions.parquet")
    parser.add_argument("--split-dir", default="data/split")
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; every variant runs once per round")
    parser.add_argument("--sources", nargs="+", default=["jddc", "jddc21_shop"],
                        help="real corpora whose test sessions are scored")
    parser.add_argument("--sweep-batch-tokens", type=int, nargs="*", default=[],
                        help="also time the served runtime at these register.batch_tokens values")
    args = parser.parse_args()
    params = load_params(args.params)
    torch.set_num_threads(params.bert.threads)

    test_ids = read_table(Path(args.split_dir) / "test.parquet")["session_id"]
    turns = read_table(args.turns)
    raw = turns[turns["session_id"].isin(test_ids) & turns["source"].isin(args.sources)]
    raw = raw[["session_id", "turn_index", "role", "text"]].reset_index(drop=True)
    gold_sessions = read_table(args.sessions)
    gold_sessions = gold_sessions[gold_sessions["session_id"].isin(raw["session_id"])][
        ["session_id", "legitimacy", "emotion_peak", "emotion_end"]]
    gold_turns = turns.loc[turns["session_id"].isin(raw["session_id"]) & turns["emotion"].notna(),
                           ["session_id", "turn_index", "emotion"]]
    n_turns, n_sessions = len(raw), raw["session_id"].nunique()

    model = load_model(args.model)
    fp32 = SessionPredictor(model, params.decision, params.session_emotion)
    int8_model = copy.copy(model)
    int8_model.net = torch.ao.quantization.quantize_dynamic(copy.deepcopy(model.net), {torch.nn.Linear},
                                                            dtype=torch.qint8)
    int8 = SessionPredictor(int8_model, params.decision, params.session_emotion)

    # The served runtimes exactly as `register.runtime: auto` prepares them.
    staging = Path(tempfile.mkdtemp(prefix="bench-"))
    prepared = prepare_serving_dir(model, Path(args.model), staging / "served", "auto")["candidates"]
    served = {runtime: SessionPredictor(load_served(staging / "served", runtime)[0], params.decision,
                                        params.session_emotion) for runtime in prepared if runtime != "torch"}
    picked = load_served(staging / "served")[1]
    print(f"auto picks {picked} on this machine", flush=True)

    for predictor in (fp32, int8, *served.values()):
        predictor.batch_tokens = params.register.batch_tokens  # as in the registered model

    def timed_predict(predictor: SessionPredictor):
        # The variants share one process: each runs with the PyTorch threads it
        # has on its own (attach_runtime lowers them beside an ONNX encoder).
        onnx_encoder = isinstance(getattr(predictor.model.net, "encoder", None), OnnxEncoder)
        threads = TORCH_THREADS_WITH_ONNX if onnx_encoder else params.bert.threads

        def run():
            torch.set_num_threads(threads)
            return predictor.predict(raw)
        return run

    def naive():
        torch.set_num_threads(params.bert.threads)
        return naive_loop(model, raw, params)

    variants = [
        ("(a) naive transformers.pipeline fp32", naive),
        ("(b) scorer fp32", timed_predict(fp32)),
        ("(c) scorer bf16 autocast (torch_bf16)", timed_predict(served["torch_bf16"])),
        ("(d) scorer torch dynamic int8", timed_predict(int8)),
        ("(e) scorer ONNX Runtime fp32 (onnx)", timed_predict(served["onnx"])),
        ("(f) scorer ONNX Runtime int8 (onnx_int8)", timed_predict(served["onnx_int8"])),
    ]
    default = served.get(picked, fp32)
    for budget in args.sweep_batch_tokens:
        other = copy.copy(default)
        other.batch_tokens = budget
        variants.append((f"    {picked}, batch_tokens {budget}", timed_predict(other)))
    for _, fn in variants:  # warm-up: first calls pay one-off allocation and thread start-up
        fn()
    table = run_rounds(variants, args.repeat, n_turns, n_sessions, gold_sessions, gold_turns)
    print(f"test split: {n_sessions} sessions, {n_turns} turns; {params.bert.threads} threads "
          f"(ONNX variants: PyTorch {TORCH_THREADS_WITH_ONNX} beside them); "
          f"batch_tokens {params.register.batch_tokens} unless stated")
    print(f"{args.repeat} rounds, every variant once per round")
    print(table.to_string(index=False))


if __name__ == "__main__":
    np.set_printoptions(precision=4)
    main()
