"""The `ensemble` model kind: a weighted average of members' probabilities, weights chosen
on validation, saved as one directory and served with its encoder member's runtime."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from pipeline.averaged import AveragedModel, average, choose_weights
from pipeline.model import load_model
from pipeline.params import load_params
from pipeline.tfidf import TfidfModel

from conftest import ROOT

PARAMS = load_params(ROOT / "params.yaml")
TARGETS = ("legitimacy", "flags", "emotion")


@pytest.fixture
def members(toy, tiny_encoder, tmp_path):
    """A TF-IDF model fitted on the toy corpus and an untrained tiny BERT, saved as directories."""
    from pipeline.bert import BertTriageModel

    turns, sessions = toy
    targets = tuple(PARAMS.target(n) for n in TARGETS)
    tfidf = TfidfModel(targets, dataclasses.replace(PARAMS.baseline, min_df=1))
    tfidf.fit(turns, sessions, sessions["session_id"][:40], sessions["session_id"][40:])
    tfidf.save(tmp_path / "baseline")
    bert = BertTriageModel(targets, dataclasses.replace(PARAMS.bert, targets=TARGETS, layers=2, max_length=32,
                                                        turn_max_length=16), tiny_encoder)
    bert.save(tmp_path / "bert")
    return {"baseline": tmp_path / "baseline", "bert": tmp_path / "bert"}


def test_predictions_are_the_weighted_average_and_survive_save_and_load(toy, members, tmp_path, monkeypatch):
    turns, _ = toy
    model = AveragedModel.from_directories(members)
    model.weights["legitimacy"] = {"baseline": 0.75, "bert": 0.25}
    model.weights["flags"] = {"baseline": 1.0, "bert": 0.0}
    model.weights["emotion"] = {"baseline": 0.0, "bert": 1.0}
    alone = {name: member.predict_proba(turns) for name, member in model.members.items()}
    predicted = model.predict_proba(turns)
    for target in model.targets:
        classes = list(target.classes)
        keys = ["session_id"] if target.level == "session" else ["session_id", "turn_index"]
        got = predicted[target.name]
        assert len(got) == len(alone["bert"][target.name]) and not got.duplicated(keys).any()
        expected = sum(w * got[keys].merge(alone[name][target.name], on=keys, how="left")[classes].to_numpy()
                       for name, w in model.weights[target.name].items())
        assert np.allclose(got[classes].to_numpy(), expected, atol=1e-6), target.name

    # a member whose weight is 0 for what is asked is not asked at all
    asked = []
    baseline = model.members["baseline"]
    original = baseline.predict_proba
    monkeypatch.setattr(baseline, "predict_proba", lambda t, names=None, **kw: asked.append(names) or original(t, names, **kw))
    model.predict_proba(turns, ["emotion"])
    assert asked == []
    model.predict_proba(turns, ["legitimacy", "emotion"])
    assert asked == [["legitimacy"]]

    model.thresholds = {"flags": {"repeat_contact": 0.4}}
    model.save(tmp_path / "ensemble")
    loaded = load_model(tmp_path / "ensemble")
    assert loaded.kind == "ensemble" and loaded.weights == model.weights and loaded.thresholds == model.thresholds
    assert (tmp_path / "ensemble/members/bert/heads.safetensors").exists()
    again = loaded.predict_proba(turns)
    for name in predicted:
        pd.testing.assert_frame_equal(predicted[name], again[name], check_exact=False, atol=1e-6)


def test_members_must_score_the_same_units_and_define_targets_alike():
    legit = PARAMS.target("legitimacy")
    classes = list(legit.classes)
    one = pd.DataFrame({"session_id": ["a", "b"], **{c: [0.2, 0.2] for c in classes}})
    other = pd.DataFrame({"session_id": ["a", "c"], **{c: [0.2, 0.2] for c in classes}})
    with pytest.raises(ValueError, match="different units"):
        average(legit, {"x": one, "y": other}, {"x": 0.5, "y": 0.5})
    reordered = one[["session_id", *classes[::-1]]].iloc[::-1]
    mixed = average(legit, {"x": one, "y": reordered}, {"x": 0.5, "y": 0.5})
    assert mixed["session_id"].tolist() == ["a", "b"] and np.allclose(mixed[classes].to_numpy(), 0.2)

    class Stub:
        def __init__(self, targets):
            self.targets = targets
    with pytest.raises(ValueError, match="define it differently"):
        AveragedModel({"x": Stub((legit,)), "y": Stub((dataclasses.replace(legit, sources=("jddc",)),))})
    with pytest.raises(ValueError, match="two members"):
        AveragedModel({"x": Stub((legit,))})


class FixedModel:
    """Always gives its class probability `right` to the gold class of every session."""

    def __init__(self, target, gold: pd.Series, right: float):
        self.targets, self.gold, self.right = (target,), gold, right

    def predict_proba(self, turns, targets=None, **_):
        target = self.targets[0]
        ids = turns["session_id"].drop_duplicates()
        wrong = (1 - self.right) / (len(target.classes) - 1)
        rows = [[self.right if c == self.gold[sid] else wrong for c in target.classes] for sid in ids]
        return {target.name: pd.DataFrame(rows, columns=list(target.classes)).assign(session_id=ids.to_numpy())}


def test_weights_are_chosen_on_validation_ties_nearest_half(toy):
    turns, sessions = toy
    legit = PARAMS.target("legitimacy")
    gold = sessions.set_index("session_id")["legitimacy"]
    wrong = gold.map({"legitimate": "no_complaint", "no_complaint": "legitimate"})
    # "right" puts 0.9 on the gold class; "confused" puts 0.9 on the other one.
    model = AveragedModel({"right": FixedModel(legit, gold, 0.9), "confused": FixedModel(legit, wrong, 0.9)})
    valid = sessions["session_id"][40:50]
    report = choose_weights(model, turns, sessions, valid, pd.Series([], dtype=str), PARAMS)["legitimacy"]
    # w = 1 and w = 0.75 are both perfect on valid; the tie goes to the w nearest 0.5
    assert report["valid_macro_f1_by_w"]["1.0"] == report["valid_macro_f1_by_w"]["0.75"] == 1.0
    assert report["valid_macro_f1_by_w"]["0.25"] < 1.0 and report["valid_units"] == 10
    assert model.weights["legitimacy"] == {"right": 0.75, "confused": 0.25}


def test_the_ensemble_serves_with_its_encoder_members_runtime(toy, members, tmp_path):
    from pipeline.runtime import OnnxEncoder, load_served, prepare_serving_dir

    turns, _ = toy
    model = AveragedModel.from_directories(members)
    model.save(tmp_path / "ensemble")
    reference = model.predict_proba(turns)
    info = prepare_serving_dir(model, tmp_path / "ensemble", tmp_path / "served", "onnx")
    assert info["runtime"] == "onnx" and (tmp_path / "served" / info["candidates"]["onnx"]["onnx"]).exists()
    served, used = load_served(tmp_path / "served")
    assert used == "onnx" and served.runtime_choice["runtime"] == "onnx"
    assert isinstance(served.members["bert"].net.encoder, OnnxEncoder)
    predicted = served.predict_proba(turns)
    for name, frame in reference.items():
        classes = list(PARAMS.target(name).classes)
        assert np.abs(frame[classes].to_numpy() - predicted[name][classes].to_numpy()).max() < 1e-4, name
