"""Decision thresholds chosen on valid (pipeline/thresholds.py) and how every path decides with them."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from pipeline import thresholds
from pipeline.aggregate import decide
from pipeline.evaluate import evaluate_model
from pipeline.model import load_model
from pipeline.params import load_params
from pipeline.serving import SessionPredictor
from pipeline.tfidf import TfidfModel

from conftest import ROOT

PARAMS = load_params(ROOT / "params.yaml")
LEGIT = PARAMS.target("legitimacy")
FLAGS = PARAMS.target("flags")
ABUSIVE = LEGIT.classes.index("abusive")


def test_a_flag_gets_the_threshold_with_the_best_valid_f1():
    # Positives sit at 0.3-0.4, negatives at 0.1 and one at 0.35: 0.25 catches all five
    # positives and no negative (F1 1.0); the configured 0.5 catches none.
    probability = np.array([0.3, 0.32, 0.34, 0.36, 0.38, 0.1, 0.1, 0.1, 0.1, 0.1])
    truth = np.array([True] * 5 + [False] * 5)
    chosen = thresholds.choose_flag(truth, probability, configured=0.5, min_positives=5)
    # 0.15-0.3 all reach F1 1.0: ties go to the threshold nearest the configured one
    assert chosen["threshold"] == 0.3 and chosen["valid_f1"] == 1.0 and chosen["valid_f1_configured"] == 0.0
    too_few = thresholds.choose_flag(truth, probability, configured=0.5, min_positives=6)
    assert too_few["threshold"] == 0.5 and too_few["status"].startswith("configured")


def legitimacy_probabilities(abusive_p: list[float]) -> np.ndarray:
    """Units whose top class is abusive with the given probability (the rest on no_complaint)."""
    values = np.zeros((len(abusive_p), len(LEGIT.classes)))
    values[:, ABUSIVE] = abusive_p
    values[:, 0] = 1 - np.asarray(abusive_p)
    return values


def test_abusive_gets_the_lowest_threshold_from_which_valid_precision_holds():
    # Sorted by probability: wrong at 0.52, right at 0.62-0.9, one wrong at 0.97.
    p = [0.52, 0.62, 0.66, 0.72, 0.78, 0.83, 0.88, 0.9, 0.91, 0.93, 0.97]
    truth = np.array([0, ABUSIVE, ABUSIVE, ABUSIVE, ABUSIVE, ABUSIVE, ABUSIVE, ABUSIVE, ABUSIVE, ABUSIVE, 0])
    chosen = thresholds.choose_high_precision(truth, legitimacy_probabilities(p), ABUSIVE, goal=0.9,
                                              configured=0.6, min_positives=5)
    # at 0.55-0.6 precision is 9/10; at 0.95 it is 0/1, so no threshold holds the goal all the way up
    assert chosen["status"].startswith("chosen: valid precision never reaches")
    truth[-1] = ABUSIVE
    chosen = thresholds.choose_high_precision(truth, legitimacy_probabilities(p), ABUSIVE, goal=0.9,
                                              configured=0.6, min_positives=5)
    # 0.55 onwards: 10/10 right; up to 0.5 (argmax alone): 10/11 = 0.909, which reaches the
    # goal and holds above it; 0.05-0.5 decide alike, so the highest of them
    assert chosen["threshold"] == 0.5 and chosen["valid_precision"] == pytest.approx(10 / 11, abs=1e-4)
    strict = thresholds.choose_high_precision(truth, legitimacy_probabilities(p), ABUSIVE, goal=0.95,
                                              configured=0.6, min_positives=5)
    # 0.55 and 0.6 both keep exactly the ten right ones
    assert strict["threshold"] == 0.6 and strict["valid_precision"] == 1.0 and strict["valid_recall"] == 1.0
    none = thresholds.choose_high_precision(np.zeros(11, int), legitimacy_probabilities(p), ABUSIVE, goal=0.9,
                                            configured=0.6, min_positives=5)
    assert none["threshold"] == 0.6 and none["status"].startswith("configured")


def test_decide_uses_the_model_thresholds_over_the_configured_ones():
    flags = pd.DataFrame([[0.3, 0.3, 0.3, 0.3, 0.3]], columns=list(FLAGS.classes))
    chosen = {"flags": {"safety": {"threshold": 0.25}}, "high_precision": {"threshold": 0.95}}
    decided = decide(FLAGS, flags, PARAMS.decision, chosen)
    assert decided.loc[0, "safety"] and not decided.loc[0, "exposure_threat"]
    assert not decide(FLAGS, flags, PARAMS.decision).loc[0, "safety"]
    legit = pd.DataFrame(legitimacy_probabilities([0.9]), columns=list(LEGIT.classes))
    assert decide(LEGIT, legit, PARAMS.decision).loc[0, "legitimacy"] == "abusive"
    assert decide(LEGIT, legit, PARAMS.decision, chosen).loc[0, "legitimacy"] == "no_complaint"


def test_thresholds_are_chosen_on_valid_and_written_valid_and_travel_with_the_model(toy, tmp_path):
    turns, sessions = toy
    # the toy's last 10 sessions become the written validation set
    sessions = sessions.assign(source=np.where(sessions.index >= 50, "written_valid", sessions["source"]))
    turns = turns.merge(sessions[["session_id", "source"]], on="session_id")
    targets = tuple(t for t in PARAMS.targets if t.name in ("legitimacy", "flags"))
    model = TfidfModel(targets, dataclasses.replace(PARAMS.baseline, min_df=1))
    ids = sessions["session_id"]
    model.fit(turns, sessions, ids[:30], ids[30:40])
    params = dataclasses.replace(PARAMS, decision=dataclasses.replace(PARAMS.decision, min_valid_positives=3))
    written_valid = ids[50:]
    chosen = thresholds.choose(model, turns, sessions, ids[30:40], written_valid, params)
    info = chosen["flags"]["repeat_contact"]
    # 5 positives in valid + 5 in written_valid: the written sessions were counted
    assert info["valid_positives"] == 10 and info["status"] == "chosen: best valid F1"
    assert chosen["flags"]["safety"]["status"].startswith("configured")  # never positive
    assert "high_precision" in chosen and chosen["high_precision"]["status"].startswith("configured")
    # A threshold that decides the test sessions unlike the configured 0.5, so that
    # evaluate and the scorer can be seen to use the model's own.
    test_turns = turns[turns["session_id"].isin(ids[40:50])]
    p = model.predict_proba(test_turns)["flags"]["repeat_contact"].sort_values().to_numpy()
    own = float(p[p >= 0.5][0] + 1e-6) if (p >= 0.5).any() else float(p[-1] - 1e-6)
    assert ((p >= own) != (p >= 0.5)).any()
    model.thresholds["flags"]["repeat_contact"]["threshold"] = own
    model.save(tmp_path)
    loaded = load_model(tmp_path)
    assert loaded.thresholds == model.thresholds
    metrics, _ = evaluate_model(loaded, turns, sessions, {"test": ids[40:50]}, params, tmp_path)
    assert metrics["flags.repeat_contact.threshold"] == own
    truth = sessions.set_index("session_id").loc[ids[40:50], "repeat_contact"].to_numpy()
    decided = model.predict_proba(test_turns)["flags"].set_index("session_id").loc[ids[40:50], "repeat_contact"] >= own
    tp = int((decided.to_numpy() & truth).sum())
    assert metrics["flags.repeat_contact.precision"] == pytest.approx(tp / max(int(decided.sum()), 1))
    predictor = SessionPredictor(loaded, params.decision, params.session_emotion)
    out, _ = predictor.predict(test_turns.drop(columns=["emotion"]))
    assert (out["repeat_contact"].astype(bool) == (out["repeat_contact_p"] >= own)).all()
    assert (out["repeat_contact"].astype(bool) != (out["repeat_contact_p"] >= 0.5)).any()
    off = thresholds.choose(model, turns, sessions, ids[30:40], written_valid,
                            dataclasses.replace(params, decision=dataclasses.replace(params.decision,
                                                                                     choose_on_valid=False)))
    assert off == {} and model.thresholds == {}
