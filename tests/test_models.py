import dataclasses
import random

import numpy as np
import pandas as pd
import pytest

from pipeline.aggregate import decide, session_emotions
from pipeline.model import load_model
from pipeline.params import load_params
from pipeline.tfidf import TfidfModel

from conftest import ROOT

PARAMS = load_params(ROOT / "params.yaml")


def test_tfidf_save_load_roundtrip_gives_identical_predictions(toy, tmp_path):
    turns, sessions = toy
    targets = tuple(t for t in PARAMS.targets if t.name in ("legitimacy", "flags", "emotion"))
    params = dataclasses.replace(PARAMS.baseline, min_df=1)
    model = TfidfModel(targets, params)
    ids = sessions["session_id"]
    report = model.fit(turns, sessions, ids[:40], ids[40:])
    assert report["legitimacy/valid_macro_f1"] == 1.0
    before = model.predict_proba(turns)
    model.save(tmp_path)
    assert not list(tmp_path.glob("*.pkl")) and list(tmp_path.glob("*.safetensors"))
    after = load_model(tmp_path).predict_proba(turns)
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name], check_exact=False, atol=1e-6)
    legit = before["legitimacy"]
    assert list(legit.columns) == ["session_id", *PARAMS.target("legitimacy").classes]
    assert np.allclose(legit[list(PARAMS.target("legitimacy").classes)].sum(axis=1), 1.0)
    assert (legit["excessive"] == 0).all()  # unseen class: probability 0, column still present
    flags = before["flags"]
    assert (flags["safety"] < 0.01).all()  # never positive in train: constant prior head
    assert flags.loc[flags.session_id == "s0", "repeat_contact"].item() > 0.5


def test_decide_single_and_multilabel():
    legit = PARAMS.target("legitimacy")
    probs = pd.DataFrame([[0.1, 0.6, 0.1, 0.1, 0.1], [0.7, 0.1, 0.1, 0.05, 0.05]], columns=list(legit.classes))
    assert decide(legit, probs, PARAMS.decision)["legitimacy"].tolist() == ["legitimate", "no_complaint"]
    # abusive below its operating threshold falls back to the next best class
    weak = pd.DataFrame([[0.05, 0.4, 0.0, 0.0, 0.55], [0.0, 0.2, 0.0, 0.0, 0.8]], columns=list(legit.classes))
    assert decide(legit, weak, PARAMS.decision)["legitimacy"].tolist() == ["legitimate", "abusive"]
    flags = PARAMS.target("flags")
    probs = pd.DataFrame([[0.9, 0.1, 0.5, 0.49, 0.0]], columns=list(flags.classes))
    assert decide(flags, probs, PARAMS.decision).iloc[0].tolist() == [True, False, True, False, False]


def test_session_emotion_peak_and_end_follow_the_guide():
    classes = PARAMS.target("emotion").classes

    def p(label):
        return [0.9 if c == label else 0.025 for c in classes]

    turns = pd.DataFrame({"session_id": ["a"] * 4 + ["b"], "turn_index": [0, 2, 4, 6, 0],
                          "text": ["快递呢", "骗子！垃圾！", "那算了，太失望了", "好的", "好"]})
    probs = pd.DataFrame([p("anxious"), p("furious"), p("distressed"), p("calm"), p("calm")], columns=list(classes))
    probs.insert(0, "turn_index", turns["turn_index"])
    probs.insert(0, "session_id", turns["session_id"])
    out = session_emotions(turns, probs, classes, trivial_max_chars=2).set_index("session_id")
    assert out.loc["a", "emotion_peak"] == "furious"
    assert out.loc["a", "emotion_end"] == "distressed"  # the final 好的 is trivial
    assert out.loc["b", "emotion_end"] == "calm"  # only trivial turns: the last one counts
    assert out.loc["a", "emotion_peak_p_furious"] == pytest.approx(0.9)


def test_bert_training_is_reproducible_and_shares_one_pass_per_level(toy, tiny_encoder, tmp_path):
    from pipeline.bert import BertTriageModel, _groups

    turns, sessions = toy
    targets = tuple(PARAMS.target(n) for n in ("legitimacy", "flags", "emotion", "emotion_peak_direct"))
    # legitimacy, flags and emotion_peak_direct read the same session input: one group, one pass
    assert [[t.name for t in g.targets] for g in _groups(targets)] == [
        ["legitimacy", "flags", "emotion_peak_direct"], ["emotion"]]
    params = dataclasses.replace(PARAMS.bert, targets=tuple(t.name for t in targets), layers=2, epochs=2,
                                 max_length=32, turn_max_length=16, batch_size=8, turn_batch_size=16,
                                 learning_rate=1e-3, patience=5)
    ids = sessions["session_id"]
    predictions = []
    for _ in range(2):
        model = BertTriageModel(targets, params, tiny_encoder)
        model.fit(turns, sessions, ids[:40].tolist() + ids[50:].tolist(), ids[40:50])
        predictions.append(model.predict_proba(turns))
    for name in predictions[0]:
        pd.testing.assert_frame_equal(predictions[0][name], predictions[1][name], check_exact=True)
    assert set(predictions[0]) == {t.name for t in targets}
    # the epoch is chosen on the selection targets only (flags are too rare on valid)
    valid = model.validate(turns, sessions, ids[40:50])
    selected = [valid[f"{n}.valid_macro_f1"] for n in PARAMS.bert.selection_targets]
    assert "flags" not in PARAMS.bert.selection_targets and "flags.valid_macro_f1" in valid
    assert valid["objective"] == pytest.approx(np.mean(selected))
    # every real corpus of the valid split counts, not only the first source of a target
    shop = sessions.assign(source=np.where(sessions.index >= 40, "jddc21_shop", sessions["source"]))
    shop_turns = turns.assign(source=turns["session_id"].map(shop.set_index("session_id")["source"]))
    assert "jddc21_shop" in PARAMS.target("legitimacy").sources
    on_shop = model.validate(shop_turns, shop, ids[40:50])
    assert on_shop["legitimacy.valid_macro_f1"] == pytest.approx(valid["legitimacy.valid_macro_f1"])
    model.save(tmp_path)
    reloaded = load_model(tmp_path).predict_proba(turns)
    for name in reloaded:
        pd.testing.assert_frame_equal(predictions[1][name], reloaded[name], check_exact=False, atol=1e-6)


@pytest.mark.parametrize("runtime, tolerance", [("onnx", 1e-4), ("onnx_int8", 0.05)])
def test_onnx_runtime_serves_the_same_predictions(toy, tiny_encoder, tmp_path, runtime, tolerance):
    from pipeline.bert import BertTriageModel
    import torch

    from pipeline.runtime import TORCH_THREADS_WITH_ONNX, OnnxEncoder, load_served, prepare_serving_dir

    turns, sessions = toy
    targets = tuple(PARAMS.target(n) for n in ("legitimacy", "flags", "emotion"))
    params = dataclasses.replace(PARAMS.bert, targets=tuple(t.name for t in targets), layers=2, max_length=32,
                                 turn_max_length=16)
    model = BertTriageModel(targets, params, tiny_encoder)
    model.save(tmp_path / "model")
    reference = model.predict_proba(turns)

    info = prepare_serving_dir(model, tmp_path / "model", tmp_path / "served", runtime)
    assert info["runtime"] == runtime and list(info["candidates"]) == [runtime]
    assert (tmp_path / "served" / info["candidates"][runtime]["onnx"]).exists()
    served, used = load_served(tmp_path / "served")
    assert used == runtime and isinstance(served.net.encoder, OnnxEncoder)
    assert torch.get_num_threads() == TORCH_THREADS_WITH_ONNX  # PyTorch must not compete with ORT's threads
    # padded batches of different lengths go through the exported graph
    for batching in ({"batch_size": 7}, {"batch_tokens": 64}):
        predicted = served.predict_proba(turns, **batching)
        for name in reference:
            probs = reference[name].columns[len(reference[name].columns) - len(PARAMS.target(name).classes):]
            diff = np.abs(reference[name][probs].to_numpy() - predicted[name][probs].to_numpy()).max()
            assert diff < tolerance, (name, batching, diff)


def test_a_runtime_failing_its_parity_check_gives_way_to_the_next(toy, tiny_encoder, tmp_path, monkeypatch):
    # A deeper encoder's int8 export drifted (pooled cosine 0.92 < 0.98) and stopped
    # `register`; now int8 gives way to ONNX fp32 and the reason is recorded.
    from pipeline import runtime as rt
    from pipeline.bert import BertTriageModel

    targets = tuple(PARAMS.target(n) for n in ("legitimacy", "emotion"))
    params = dataclasses.replace(PARAMS.bert, targets=tuple(t.name for t in targets), layers=2, max_length=32,
                                 turn_max_length=16)
    model = BertTriageModel(targets, params, tiny_encoder)
    model.save(tmp_path / "model")
    monkeypatch.setattr(rt, "INT8_MIN_COSINE", 1.01)  # no int8 encoder can pass
    info = rt.prepare_serving_dir(model, tmp_path / "model", tmp_path / "served", "onnx_int8")
    assert info["runtime"] == "onnx" and info["requested"] == "onnx_int8"
    assert "int8 encoder drifts from fp32" in info["fallback_reason"]
    assert rt.load_served(tmp_path / "served")[1] == "onnx"
    monkeypatch.setattr(rt, "PARITY_TOLERANCE", 0.0)  # nor can ONNX fp32: PyTorch serves
    info = rt.prepare_serving_dir(model, tmp_path / "model", tmp_path / "served2", "onnx_int8")
    assert info["runtime"] == "torch" and not list((tmp_path / "served2").glob("*.onnx"))
    assert info["fallback_reason"].count(";") == 1


def test_auto_runtime_ships_every_passing_runtime_and_the_loading_machine_picks(toy, tiny_encoder, tmp_path,
                                                                                 monkeypatch):
    from pipeline import runtime as rt
    from pipeline.bert import BertTriageModel

    targets = tuple(PARAMS.target(n) for n in ("legitimacy", "emotion"))
    params = dataclasses.replace(PARAMS.bert, targets=tuple(t.name for t in targets), layers=2, max_length=32,
                                 turn_max_length=16)
    model = BertTriageModel(targets, params, tiny_encoder)
    model.save(tmp_path / "model")
    info = rt.prepare_serving_dir(model, tmp_path / "model", tmp_path / "served", "auto")
    assert info["runtime"] == "auto" and list(info["candidates"]) == ["onnx_int8", "onnx", "torch_bf16", "torch"]
    assert {p.name for p in (tmp_path / "served").glob("*.onnx")} == {"encoder.int8.onnx", "encoder.onnx"}
    # as read back (write_json sorts keys): preference order, int8 first, which register judges
    assert list(rt.read_runtime_info(tmp_path / "served")["candidates"]) == list(info["candidates"])

    # measured on this machine: every candidate timed (bf16 only where the CPU has
    # bf16 units), the fastest used, the choice recorded
    served, used = rt.load_served(tmp_path / "served")
    probe = served.runtime_choice["probe_ms"]
    assert set(probe) == {"onnx_int8", "onnx", "torch"} | ({"torch_bf16"} if rt.has_bf16_units() else set())
    assert used == rt.pick(probe) and served.runtime_choice["runtime"] == used
    assert served.runtime_choice["cpu"]
    # the ranking is whatever this CPU measures, not a constant
    monkeypatch.setattr(rt, "time_candidates", lambda *a: {"onnx_int8": 9.0, "onnx": 5.0, "torch": 7.0})
    assert rt.load_served(tmp_path / "served")[1] == "onnx"
    monkeypatch.setattr(rt, "has_bf16_units", lambda: True)
    monkeypatch.setattr(rt, "time_candidates", lambda m, d, timed, *_: {k: 1.0 if k == "torch_bf16" else 9.0
                                                                         for k in timed})
    served, used = rt.load_served(tmp_path / "served")
    assert used == "torch_bf16" and served.params.bf16 and not isinstance(served.net.encoder, rt.OnnxEncoder)
    bf16 = served.predict_proba(toy[0])["legitimacy"]
    fp32 = rt.load_served(tmp_path / "served", "torch")[0].predict_proba(toy[0])["legitimacy"]
    probs = list(PARAMS.target("legitimacy").classes)
    assert np.abs(bf16[probs].to_numpy() - fp32[probs].to_numpy()).max() < 0.05
    # an override names a prepared runtime: argument first, then the environment
    monkeypatch.setenv(rt.RUNTIME_ENV, "torch")
    served, used = rt.load_served(tmp_path / "served")
    assert used == "torch" and not isinstance(served.net.encoder, rt.OnnxEncoder)
    assert rt.load_served(tmp_path / "served", "onnx_int8")[1] == "onnx_int8"
    # a runtime dropped after preparation (register's figure check) is gone and cannot be asked for
    rt.drop_candidate(tmp_path / "served", "onnx_int8", "figures moved")
    assert not (tmp_path / "served" / "encoder.int8.onnx").exists()
    with pytest.raises(ValueError, match="not prepared.*figures moved"):
        rt.load_served(tmp_path / "served", "onnx_int8")


def test_a_model_directory_from_before_auto_still_loads(toy, tiny_encoder, tmp_path):
    from pipeline import runtime as rt
    from pipeline.bert import BertTriageModel
    from pipeline.io import write_json

    targets = (PARAMS.target("legitimacy"),)
    params = dataclasses.replace(PARAMS.bert, targets=("legitimacy",), layers=2, max_length=32, turn_max_length=16)
    model = BertTriageModel(targets, params, tiny_encoder)
    model.save(tmp_path / "model")
    info = rt.prepare_serving_dir(model, tmp_path / "model", tmp_path / "served", "onnx")
    # the shape runtime.json had when champions were registered before `candidates`
    write_json({"runtime": "onnx", "onnx": info["candidates"]["onnx"]["onnx"]}, tmp_path / "served" / rt.RUNTIME_FILE)
    served, used = rt.load_served(tmp_path / "served")
    assert used == "onnx" and isinstance(served.net.encoder, rt.OnnxEncoder)


def test_auto_choice_prefers_the_first_runtime_unless_another_is_clearly_faster():
    from pipeline.runtime import pick

    assert pick({"onnx_int8": 60.0, "onnx": 80.0, "torch_bf16": 55.0, "torch": 130.0}) == "onnx_int8"  # near-tie
    assert pick({"onnx_int8": 80.0, "onnx": 90.0, "torch_bf16": 55.0, "torch": 130.0}) == "torch_bf16"


def test_runtime_state_after_a_choice_and_overrides(toy, tiny_encoder, tmp_path, monkeypatch, capsys):
    import torch
    from pipeline import runtime as rt
    from pipeline.bert import BertTriageModel

    params = dataclasses.replace(PARAMS.bert, targets=("legitimacy",), layers=2, max_length=32, turn_max_length=16,
                                 threads=2)
    model = BertTriageModel((PARAMS.target("legitimacy"),), params, tiny_encoder)
    model.save(tmp_path / "model")
    rt.prepare_serving_dir(model, tmp_path / "model", tmp_path / "served", "auto")
    served = rt.load_model(tmp_path / "served")
    torch_encoder = served.net.encoder
    monkeypatch.setattr(rt, "time_candidates", lambda *a: {"onnx_int8": 9.0, "onnx": 1.0, "torch": 7.0})
    assert rt.attach_runtime(served, tmp_path / "served") == "onnx" and torch.get_num_threads() == 1
    # attached again on the same model: the PyTorch encoder was kept, not lost behind the ONNX one
    assert rt.attach_runtime(served, tmp_path / "served", "torch") == "torch"
    assert served.net.encoder is torch_encoder and torch.get_num_threads() == 2 and not served.params.bf16
    # a model trained with bf16 autocast keeps it on the PyTorch runtime
    served.trained_bf16 = True
    rt.attach_runtime(served, tmp_path / "served", "torch")
    assert served.params.bf16
    # the environment variable is a preference: unknown to this model -> warning, not a failure
    monkeypatch.setenv(rt.RUNTIME_ENV, "tensorrt")
    assert rt.load_served(tmp_path / "served")[1] == "onnx"
    assert "tensorrt was not prepared" in capsys.readouterr().err
    with pytest.raises(ValueError, match="not prepared"):
        rt.load_served(tmp_path / "served", "tensorrt")


def test_a_bf16_only_model_loads_on_a_cpu_without_bf16_units(toy, tiny_encoder, tmp_path, monkeypatch):
    from pipeline import runtime as rt
    from pipeline.bert import BertTriageModel

    params = dataclasses.replace(PARAMS.bert, targets=("legitimacy",), layers=2, max_length=32, turn_max_length=16)
    model = BertTriageModel((PARAMS.target("legitimacy"),), params, tiny_encoder)
    model.save(tmp_path / "model")
    assert rt.prepare_serving_dir(model, tmp_path / "model", tmp_path / "served", "torch_bf16")["runtime"] == "torch_bf16"
    monkeypatch.setattr(rt, "has_bf16_units", lambda: False)
    served, used = rt.load_served(tmp_path / "served")
    assert used == "torch_bf16" and served.params.bf16  # slow there, but it is the runtime registered


def test_register_drops_a_runtime_whose_figures_move_beyond_tolerance(toy, tiny_encoder, tmp_path, monkeypatch):
    from pipeline import register, runtime as rt
    from pipeline.bert import BertTriageModel

    params = dataclasses.replace(PARAMS.bert, targets=("legitimacy",), layers=2, max_length=32, turn_max_length=16)
    model = BertTriageModel((PARAMS.target("legitimacy"),), params, tiny_encoder)
    model.save(tmp_path / "model")
    figures = {"legitimacy.macro_f1": ("legitimacy", "macro_f1", (), "single")}
    trained = {"legitimacy.macro_f1": 0.50}
    moved = {"onnx_int8": 0.45, "onnx": 0.50, "torch_bf16": 0.49}  # int8 moves 0.05 > 0.02

    def fake_evaluate(served, *args, **kwargs):
        return {"legitimacy.macro_f1": moved[served.runtime_choice["runtime"]]}, {}
    monkeypatch.setattr(register, "evaluate_model", fake_evaluate)
    info = rt.prepare_serving_dir(model, tmp_path / "model", tmp_path / "auto", "auto")
    evaluations, deviations = register.judge_runtimes(tmp_path / "auto", info, trained, figures, None, None, {},
                                                      PARAMS, tmp_path / "plots")
    kept = rt.read_runtime_info(tmp_path / "auto")
    assert list(kept["candidates"]) == ["onnx", "torch_bf16", "torch"] and set(evaluations) == {"onnx", "torch_bf16"}
    assert deviations == {"onnx_int8": 0.05, "onnx": 0.0, "torch_bf16": 0.01}
    assert "moves 0.0500 from fp32" in kept["rejected"]["onnx_int8"]
    assert not (tmp_path / "auto" / "encoder.int8.onnx").exists()
    # a fixed runtime that fails gives way to PyTorch fp32, keeping what was asked for and why
    info = rt.prepare_serving_dir(model, tmp_path / "model", tmp_path / "fixed", "onnx_int8")
    register.judge_runtimes(tmp_path / "fixed", info, trained, figures, None, None, {}, PARAMS, tmp_path / "plots")
    fixed = rt.read_runtime_info(tmp_path / "fixed")
    assert fixed["runtime"] == "torch" and fixed["requested"] == "onnx_int8" and list(fixed["candidates"]) == ["torch"]
    assert "onnx_int8: legitimacy.macro_f1 moves" in fixed["fallback_reason"]
    assert rt.load_served(tmp_path / "fixed")[1] == "torch"


def test_int8_weights_are_unsigned_so_every_instruction_set_computes_the_same(toy, tiny_encoder, tmp_path):
    # Without VNNI, x86 kernels add u8 x s8 products pairwise in int16, which
    # saturates: signed int8 weights served other figures on AVX2 than on AVX-512
    # VNNI. With u8 weights both operands are widened to int16 and nothing
    # saturates (benchmarks/isa_parity.py compares the two instruction sets).
    import onnx
    from pipeline import runtime as rt
    from pipeline.bert import BertTriageModel

    params = dataclasses.replace(PARAMS.bert, targets=("legitimacy",), layers=2, max_length=32, turn_max_length=16)
    model = BertTriageModel((PARAMS.target("legitimacy"),), params, tiny_encoder)
    model.save(tmp_path / "model")
    info = rt.prepare_serving_dir(model, tmp_path / "model", tmp_path / "served", "onnx_int8")
    graph = onnx.load(tmp_path / "served" / info["candidates"]["onnx_int8"]["onnx"]).graph
    sizes = {}
    for tensor in graph.initializer:
        sizes[tensor.data_type] = sizes.get(tensor.data_type, 0) + int(np.prod(tensor.dims))
    assert sizes.get(onnx.TensorProto.UINT8, 0) > 10_000  # the encoder's matrices are quantized ...
    assert onnx.TensorProto.INT8 not in sizes              # ... and none with signed weights


@pytest.mark.parametrize("budget", [1, 40, 100, 10_000])
def test_token_batches_cover_every_row_once_within_the_budget(budget):
    from pipeline.bert import token_batches

    lengths = [int(n) for n in np.random.default_rng(1).integers(1, 60, size=97)]
    batches = token_batches(lengths, budget)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        padded = len(batch) * max(lengths[i] for i in batch)
        assert padded <= budget or len(batch) == 1  # a row longer than the budget goes alone
    if budget == 10_000:
        assert len(batches) == 1
    if budget == 100:  # rows of similar length share a batch: short ones many to a batch
        assert max(len(b) for b in batches) > 10 and min(len(b) for b in batches) == 1


def test_bert_batching_does_not_change_fp32_predictions(toy, tiny_encoder):
    from pipeline.bert import BertTriageModel

    turns, _ = toy
    turns = turns.assign(text=turns["text"] + turns.index.map(lambda i: "很" * (i % 13)))  # varied lengths
    targets = tuple(PARAMS.target(n) for n in ("legitimacy", "emotion"))
    params = dataclasses.replace(PARAMS.bert, targets=tuple(t.name for t in targets), layers=2, max_length=32,
                                 turn_max_length=16)
    model = BertTriageModel(targets, params, tiny_encoder)
    reference = model.predict_proba(turns, batch_size=1)
    for batching in ({}, {"batch_size": 5}, {"batch_tokens": 50}, {"batch_tokens": 4096}):
        predicted = model.predict_proba(turns, **batching)
        for name in reference:
            pd.testing.assert_frame_equal(reference[name], predicted[name], check_exact=False, atol=1e-5)
    # repeated texts are encoded once; each row still gets its own text's prediction
    assert turns["text"].duplicated().sum() > 50
    for sid in ("s0", "s1", "s7"):
        alone = model.predict_proba(turns[turns["session_id"] == sid])
        for name, frame in alone.items():
            full = reference[name][reference[name]["session_id"] == sid].reset_index(drop=True)
            pd.testing.assert_frame_equal(full, frame, check_exact=False, atol=1e-5)


def test_tfidf_serves_natively(toy, tmp_path):
    from pipeline.runtime import load_served, prepare_serving_dir

    turns, sessions = toy
    model = TfidfModel(tuple(PARAMS.target(n) for n in ("legitimacy",)), dataclasses.replace(PARAMS.baseline, min_df=1))
    model.fit(turns, sessions, sessions["session_id"][:40], sessions["session_id"][40:])
    model.save(tmp_path / "model")
    assert prepare_serving_dir(model, tmp_path / "model", tmp_path / "served", "onnx_int8")["runtime"] == "native"
    assert load_served(tmp_path / "served")[1] == "native"


def test_focal_loss_is_cross_entropy_at_gamma_zero_and_discounts_easy_examples():
    import types

    import torch
    from torch import nn

    from pipeline.bert import BertTriageModel

    single = types.SimpleNamespace(kind="single")
    multi = types.SimpleNamespace(kind="multilabel")
    weight = torch.tensor([1.0, 3.0, 0.5])
    logits = torch.tensor([[4.0, 0.0, 0.0], [0.0, 0.2, 0.1], [0.0, 0.0, 3.0], [1.0, 1.0, 1.0]])
    y = torch.tensor([0, 1, 2, -100])

    def loss(gamma, target, fn, z, labels):
        stub = types.SimpleNamespace(params=dataclasses.replace(PARAMS.bert, focal_gamma=gamma))
        return BertTriageModel._target_loss(stub, target, fn, z, labels)

    ce = nn.CrossEntropyLoss(weight=weight, ignore_index=-100)
    assert torch.isclose(loss(0.0, single, ce, logits, y), ce(logits, y))
    # gamma = 0 through the focal formula is the same weighted mean
    focal_formula_at_zero = loss(1e-12, single, ce, logits, y)
    assert torch.isclose(focal_formula_at_zero, ce(logits, y), atol=1e-5)
    # the confident right answer (row 0) loses nearly all its weight, the hard one (row 1) little
    per_easy = loss(2.0, single, ce, logits[:1], y[:1]) / loss(0.0, single, ce, logits[:1], y[:1])
    per_hard = loss(2.0, single, ce, logits[1:2], y[1:2]) / loss(0.0, single, ce, logits[1:2], y[1:2])
    p_easy, p_hard = logits[0].softmax(-1)[0], logits[1].softmax(-1)[1]
    assert torch.isclose(per_easy, (1 - p_easy) ** 2) and per_easy < 0.002
    assert torch.isclose(per_hard, (1 - p_hard) ** 2) and per_hard > 0.4

    bce = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([2.0, 1.0]), reduction="none")
    z = torch.tensor([[5.0, -0.1], [-5.0, 0.3]])
    flags = torch.tensor([[1.0, 0.0], [0.0, -1.0]])  # -1: label unknown, masked out
    plain = loss(0.0, multi, bce, z, flags)
    focal = loss(2.0, multi, bce, z, flags)
    assert focal < plain
    # only the uncertain known cell (row 0, flag 1) keeps a sizeable share of its loss
    expected = (bce(z, flags.clamp(min=0)) * torch.tensor([[1.0, 1.0], [1.0, 0.0]])
                * (1 - torch.where(flags > 0, z.sigmoid(), 1 - z.sigmoid())).pow(2)).sum() / 3
    assert torch.isclose(focal, expected)


def test_flag_oversampling_repeats_flagged_sessions_only_and_default_keeps_one_pass():
    import types

    import torch

    from pipeline.bert import BertTriageModel

    flags = PARAMS.target("flags")
    legitimacy = PARAMS.target("legitimacy")
    group = types.SimpleNamespace(targets=[legitimacy, flags])
    labels = {"legitimacy": torch.tensor([0, 1, 1, 0]),
              "flags": torch.tensor([[0.0, 0, 0, 0, 0], [0, 0, 1, 0, 0], [-1, -1, -1, -1, -1], [1, 0, 0, 1, 0]])}

    def pool(factor):
        stub = types.SimpleNamespace(params=dataclasses.replace(PARAMS.bert, flag_oversample=factor))
        return BertTriageModel._epoch_pool(stub, group, labels, random.Random(0))

    assert pool(1) == [0, 1, 2, 3]
    # sessions 1 and 3 carry a positive flag; session 2's flags are unknown, not positive
    assert pool(3) == [0, 1, 1, 1, 2, 3, 3, 3]
    turn_group = types.SimpleNamespace(targets=[PARAMS.target("emotion")])
    assert BertTriageModel._epoch_pool(types.SimpleNamespace(params=dataclasses.replace(PARAMS.bert, flag_oversample=3)),
                                       turn_group, {"emotion": torch.tensor([0, 1])}, random.Random(0)) == [0, 1]


def test_class_sampling_draws_rare_classes_as_often_as_common_ones_in_an_epoch_of_the_same_size():
    import types
    from collections import Counter

    import torch

    from pipeline.bert import BertTriageModel

    group = types.SimpleNamespace(targets=[PARAMS.target("legitimacy"), PARAMS.target("flags")])
    # 900 no_complaint, 90 legitimate, 10 unlabelled (-100): a stratum of their own
    legitimacy = torch.tensor([0] * 900 + [1] * 90 + [-100] * 10)
    labels = {"legitimacy": legitimacy, "flags": torch.zeros(1000, 5)}

    def drawn(mode, seed=0):
        stub = types.SimpleNamespace(params=dataclasses.replace(PARAMS.bert, class_sampling=mode))
        pool = BertTriageModel._epoch_pool(stub, group, labels, random.Random(seed))
        return pool, Counter(legitimacy[pool].tolist())

    pool, _ = drawn("none")
    assert pool == list(range(1000))  # the default draws nothing: every example once, in order
    pool, per_class = drawn("balanced")
    assert len(pool) == 1000
    assert all(280 <= per_class[c] <= 390 for c in (0, 1, -100)), per_class  # about 1000 / 3 each
    _, per_class = drawn("sqrt")
    # weights 1/sqrt(count): class totals in proportion to sqrt(900) : sqrt(90) : sqrt(10) = 30 : 9.5 : 3.2
    assert 640 <= per_class[0] <= 750 and 170 <= per_class[1] <= 270, per_class
    assert drawn("balanced", seed=1)[0] == drawn("balanced", seed=1)[0] != drawn("balanced", seed=2)[0]


def test_dapt_hands_on_the_base_or_adapts_it_on_train_text_only(toy, tiny_encoder, tmp_path, monkeypatch):
    import sys

    import yaml
    from safetensors.torch import load_file
    from transformers import AutoModel

    from pipeline import dapt
    from pipeline.io import read_json, write_table

    turns, sessions = toy
    turns = turns.assign(source=turns["session_id"].map(sessions.set_index("session_id")["source"]))
    write_table(turns, tmp_path / "turns.parquet")
    (tmp_path / "split").mkdir()
    write_table(pd.DataFrame({"session_id": [f"s{i}" for i in range(30)]}), tmp_path / "split/train.parquet")
    reviews = tmp_path / "reviews.csv"
    pd.DataFrame({"label": [0, 1], "review": ["送餐太慢了 汤都洒了", "包装很好 物流快"]}).to_csv(reviews, index=False)

    def run(out, **dapt_params):
        raw = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
        raw["dapt"].update(dapt_params)
        raw["bert"]["layers"] = 1
        params = tmp_path / f"params-{out}.yaml"
        params.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        monkeypatch.setattr(sys, "argv", ["dapt", "--params", str(params), "--encoder", str(tiny_encoder),
                                          "--turns", str(tmp_path / "turns.parquet"), "--split-dir",
                                          str(tmp_path / "split"), "--reviews", str(reviews),
                                          "--out", str(tmp_path / out), "--metrics-out", str(tmp_path / f"{out}.json")])
        dapt.main()
        return read_json(tmp_path / f"{out}.json")

    assert run("unchanged", epochs=0) == {"adapted": False, "epochs": 0}
    base = load_file(tiny_encoder / "model.safetensors")
    assert all((load_file(tmp_path / "unchanged/model.safetensors")[k] == v).all() for k, v in base.items())

    report = run("adapted", epochs=2, head_steps=5, batch_size=8, learning_rate=0.001, threads=1)
    # train-split sessions s0..s29 have 3 turns each; sessions s30..s59 (valid/test) are never read
    assert report["texts_in_domain"] == 90 and report["texts_reviews"] == 2
    assert report["held_back_masked_loss_after"] < report["held_back_masked_loss_before"]
    adapted = AutoModel.from_pretrained(tmp_path / "adapted")
    assert adapted.config.num_hidden_layers == 1  # the layers fine-tuning keeps (bert.layers)
    word = adapted.embeddings.word_embeddings.weight
    assert not torch_equal(word, base["embeddings.word_embeddings.weight"])


def torch_equal(a, b) -> bool:
    import torch

    return bool(torch.equal(a.detach(), b))


def test_hierarchical_sessions_encode_each_turn_and_mix_them(toy, tiny_encoder, tmp_path):
    from pipeline.bert import MIXER_FILE, BertTriageModel

    turns, sessions = toy
    turns = turns.assign(text=turns["text"] + turns.index.map(lambda i: "很" * (i % 7)))  # varied lengths
    targets = tuple(PARAMS.target(n) for n in ("legitimacy", "emotion"))
    params = dataclasses.replace(PARAMS.bert, targets=tuple(t.name for t in targets), layers=2, epochs=2,
                                 long_text="hierarchical", max_chunks=2, turn_max_length=16, batch_size=8,
                                 turn_batch_size=16, learning_rate=1e-3, patience=5)
    model = BertTriageModel(targets, params, tiny_encoder)
    # one chunk per turn, at most max_chunks turns: the first quarter (none of 2) and the last ones
    encoded = model.inputs.sessions(turns[turns["session_id"] == "s0"])["s0"]
    texts = turns[turns["session_id"] == "s0"]["text"].tolist()
    assert len(encoded) == 2
    assert model.tokenizer.decode(encoded[-1], skip_special_tokens=True).replace(" ", "").endswith(texts[-1])
    ids = sessions["session_id"]
    model.fit(turns, sessions, ids[:40].tolist() + ids[50:].tolist(), ids[40:50])
    assert model.net.mixer.position.weight.abs().sum() > 0  # the mixer trained (it starts at zero positions)
    reference = model.predict_proba(turns, batch_size=1)
    for batching in ({}, {"batch_size": 5}, {"batch_tokens": 40}):
        predicted = model.predict_proba(turns, **batching)
        for name in reference:
            pd.testing.assert_frame_equal(reference[name], predicted[name], check_exact=False, atol=1e-5)
    model.save(tmp_path)
    assert (tmp_path / MIXER_FILE).exists()
    reloaded = load_model(tmp_path).predict_proba(turns)
    for name in reloaded:
        pd.testing.assert_frame_equal(reference[name], reloaded[name], check_exact=False, atol=1e-5)
    # turn order matters to the session vector: swapping a session's two kept turns changes it
    swapped = turns.copy()
    s0 = swapped["session_id"] == "s0"
    swapped.loc[s0, "turn_index"] = swapped.loc[s0, "turn_index"].max() - swapped.loc[s0, "turn_index"]
    moved = model.predict_proba(swapped[s0])["legitimacy"]
    kept = reference["legitimacy"][reference["legitimacy"]["session_id"] == "s0"].reset_index(drop=True)
    assert not np.allclose(moved[list(PARAMS.target("legitimacy").classes)].to_numpy(),
                           kept[list(PARAMS.target("legitimacy").classes)].to_numpy(), atol=1e-6)


def test_class_sampling_replaces_the_weights_of_the_drawn_target_only():
    import types

    import torch

    from pipeline.bert import BertTriageModel

    targets = [PARAMS.target("legitimacy"), PARAMS.target("flags"), PARAMS.target("emotion_peak_direct")]
    group = types.SimpleNamespace(targets=targets)
    labels = {"legitimacy": torch.tensor([0, 0, 0, 1]), "emotion_peak_direct": torch.tensor([0, 0, 2, -100]),
              "flags": torch.tensor([[0.0, 0, 0, 0, 1], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 1]])}

    def losses(mode):
        stub = types.SimpleNamespace(params=dataclasses.replace(PARAMS.bert, class_sampling=mode,
                                                                class_weighting="sqrt"))
        stub._class_weight = lambda counts: BertTriageModel._class_weight(stub, counts)
        return BertTriageModel._loss_fns(stub, [(group, None, None, labels)])

    weighted, sampled = losses("none"), losses("balanced")
    assert weighted["legitimacy"].weight is not None and sampled["legitimacy"].weight is None
    assert torch.equal(sampled["emotion_peak_direct"].weight, weighted["emotion_peak_direct"].weight)
    assert torch.equal(sampled["flags"].pos_weight, weighted["flags"].pos_weight)
