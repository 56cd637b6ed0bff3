"""Temperature scaling (pipeline/calibration.py) and abstention (decision.review_*)."""

import dataclasses

import numpy as np
import pandas as pd
import pytest
from scipy.special import softmax

from pipeline import calibration
from pipeline.aggregate import decide
from pipeline.evaluate import predict_units, review_figures, score_units
from pipeline.model_card import describe_calibration, describe_review
from pipeline.model import load_model
from pipeline.params import load_params
from pipeline.tfidf import TfidfModel

from conftest import ROOT

PARAMS = load_params(ROOT / "params.yaml")
LEGIT = PARAMS.target("legitimacy")
FLAGS = PARAMS.target("flags")


def overconfident_sample(true_temperature: float, n: int = 4000, seed: int = 0):
    """Probabilities softmax(z) of a model whose labels really follow softmax(z / T)."""
    rng = np.random.default_rng(seed)
    logits = rng.normal(0, 3, size=(n, 5))
    truth = np.array([rng.choice(5, p=p) for p in softmax(logits / true_temperature, axis=1)])
    return softmax(logits, axis=1), truth


@pytest.mark.parametrize("true_temperature", [0.7, 1.0, 2.5])
def test_fitted_temperature_recovers_the_one_the_labels_follow(true_temperature):
    values, truth = overconfident_sample(true_temperature)
    fitted = calibration.fit_temperature(values, truth, "single")
    assert fitted == pytest.approx(true_temperature, rel=0.1)
    assert (calibration.negative_log_likelihood(values, truth, "single", fitted)
            <= calibration.negative_log_likelihood(values, truth, "single") + 1e-9)


def test_scaling_keeps_decisions_and_is_undone_exactly():
    values, _ = overconfident_sample(2.0, n=200)
    frame = pd.DataFrame(values, columns=list(LEGIT.classes))
    frame.insert(0, "session_id", [f"s{i}" for i in range(len(frame))])
    cal = {"legitimacy": {"temperature": 2.0}}
    scaled = calibration.apply({"legitimacy": frame}, (LEGIT,), cal)["legitimacy"]
    classes = list(LEGIT.classes)
    assert (scaled[classes].to_numpy().argmax(1) == values.argmax(1)).all()
    assert np.allclose(scaled[classes].sum(axis=1), 1.0, atol=1e-5)
    assert (scaled[classes].max(axis=1) < frame[classes].max(axis=1) + 1e-6).all()  # T > 1 softens
    back = calibration.uncalibrated(scaled, LEGIT, cal)
    assert np.allclose(back[classes], frame[classes], atol=1e-5)
    # flags: the 0.5 decision is unchanged, probabilities move towards 0.5
    flags = pd.DataFrame([[0.9, 0.2, 0.5, 0.51, 0.01]], columns=list(FLAGS.classes))
    soft = calibration.apply({"flags": flags}, (FLAGS,), {"flags": {"temperature": 3.0}})["flags"]
    assert (decide(FLAGS, soft, PARAMS.decision) == decide(FLAGS, flags, PARAMS.decision)).all().all()
    assert soft.iloc[0, 0] < 0.9 and soft.iloc[0, 4] > 0.01
    # a class the model gives probability 0 (unseen in training) stays at 0
    zero = frame.assign(excessive=0.0)
    zero[classes] = zero[classes].div(zero[classes].sum(axis=1), axis=0)
    assert (calibration.apply({"legitimacy": zero}, (LEGIT,), cal)["legitimacy"]["excessive"] == 0).all()


def test_fit_sets_temperatures_that_travel_with_the_saved_model(toy, tmp_path):
    turns, sessions = toy
    targets = tuple(t for t in PARAMS.targets if t.name in ("legitimacy", "flags", "emotion"))
    model = TfidfModel(targets, dataclasses.replace(PARAMS.baseline, min_df=1))
    ids = sessions["session_id"]
    model.fit(turns, sessions, ids[:30], ids[30:])
    raw = model.predict_proba(turns)
    loose = dataclasses.replace(PARAMS.calibration, min_valid_units=10, min_valid_positives=5)
    fitted = calibration.fit(model, turns, sessions, ids[30:], loose)
    assert fitted["legitimacy"]["status"] == "fitted" and fitted["legitimacy"]["temperature"] != 1.0
    assert fitted["legitimacy"]["valid_nll_after"] <= fitted["legitimacy"]["valid_nll_before"]
    served = model.predict_proba(turns)
    classes = list(LEGIT.classes)
    assert not np.allclose(served["legitimacy"][classes], raw["legitimacy"][classes])
    model.save(tmp_path)
    loaded = load_model(tmp_path)
    assert loaded.calibration == model.calibration
    pd.testing.assert_frame_equal(loaded.predict_proba(turns)["legitimacy"], served["legitimacy"],
                                  check_exact=False, atol=1e-6)
    # too little valid evidence: probabilities stay as trained, with the reason
    strict = dataclasses.replace(PARAMS.calibration, min_valid_units=10_000)
    refused = calibration.fit(model, turns, sessions, ids[30:], strict)
    assert refused["legitimacy"]["temperature"] == 1.0 and refused["legitimacy"]["status"].startswith("not fitted")
    pd.testing.assert_frame_equal(model.predict_proba(turns)["legitimacy"], raw["legitimacy"])
    off = calibration.fit(model, turns, sessions, ids[30:], dataclasses.replace(loose, method="none"))
    assert off == {} and model.calibration == {}


def test_review_marks_unsure_sessions_and_reports_both_sides():
    probs = pd.DataFrame([[0.9, 0.05, 0.05, 0.0, 0.0], [0.3, 0.35, 0.35, 0.0, 0.0],
                          [np.nan] * 5], columns=list(LEGIT.classes))
    decided = decide(LEGIT, probs, PARAMS.decision)
    assert decided["legitimacy_review"].tolist() == [False, True, False]  # no probability: no review flag
    off = dataclasses.replace(PARAMS.decision, review_targets=())
    assert "legitimacy_review" not in decide(LEGIT, probs, off)
    units = pd.DataFrame({"y_true": ["no_complaint"] * 6 + ["legitimate"] * 4,
                          "y_pred": ["no_complaint"] * 6 + ["no_complaint", "legitimate", "excessive", "excessive"],
                          "review": [False] * 6 + [True] * 4})
    figures = review_figures(units, LEGIT.classes, PARAMS)
    assert figures["review.share"] == 0.4
    assert figures["review.accuracy_decided"] == 1.0 and figures["review.accuracy_review"] == 0.25
    assert figures["review.share_ci_low"] < 0.4 < figures["review.share_ci_high"]


def test_evaluation_reports_calibration_before_and_after():
    values, truth = overconfident_sample(2.0, n=300)
    classes = LEGIT.classes
    units = pd.DataFrame({"session_id": [f"s{i}" for i in range(300)], "source": "jddc",
                          "y_true": np.asarray(classes)[truth], "y_pred": np.asarray(classes)[values.argmax(1)]})
    scaled = calibration.scale(values, "single", 2.0)
    for i, c in enumerate(classes):
        units[f"p.{c}"], units[f"p_uncalibrated.{c}"] = scaled[:, i], values[:, i]
    units["y_pred_uncalibrated"] = units["y_pred"]  # argmax decisions: scaling does not change them
    fast = dataclasses.replace(PARAMS, evaluate=dataclasses.replace(PARAMS.evaluate, bootstrap_samples=20))
    figures = score_units(units, classes, "single", fast)
    assert figures["ece"] < figures["ece_uncalibrated"] - 0.05
    assert figures["ece_ci_low"] <= figures["ece"] <= figures["ece_ci_high"]
    assert figures["ece_change"] == pytest.approx(figures["ece"] - figures["ece_uncalibrated"])
    assert figures["ece_change_ci_low"] <= figures["ece_change"] <= figures["ece_change_ci_high"] < 0


def test_evaluation_keeps_what_the_model_decided_before_scaling(toy):
    turns, sessions = toy
    model = TfidfModel((LEGIT,), dataclasses.replace(PARAMS.baseline, min_df=1))
    ids = sessions["session_id"]
    model.fit(turns, sessions, ids[:30], ids[30:])
    raw = model.predict_proba(turns)["legitimacy"]
    model.calibration = {"legitimacy": {"temperature": 3.0, "status": "fitted"}}
    units = predict_units(model, LEGIT, turns, sessions, ids, PARAMS)
    by_session = raw.set_index("session_id").loc[units["session_id"]]
    for c in LEGIT.classes:
        assert np.allclose(units[f"p_uncalibrated.{c}"], by_session[c], atol=1e-5)
    assert (units["y_pred_uncalibrated"] == decide(LEGIT, by_session.reset_index(), PARAMS.decision)["legitimacy"]
            .to_numpy()).all()
    # where a threshold decides, scaling can change the decision: abusive at 0.7 as trained, 0.43 at T = 2
    probs = pd.DataFrame([[0.1, 0.1, 0.05, 0.05, 0.7]], columns=list(LEGIT.classes))
    scaled = calibration.scale(probs.to_numpy(), "single", 2.0)
    assert decide(LEGIT, probs, PARAMS.decision)["legitimacy"].item() == "abusive"
    assert decide(LEGIT, pd.DataFrame(scaled, columns=list(LEGIT.classes)), PARAMS.decision)[
        "legitimacy"].item() != "abusive"


def test_review_goes_by_the_decided_class_when_abusive_gives_way():
    # abusive on top at 0.55 (< its 0.6 threshold): `legitimate` at 0.40 is decided, which is unsure
    probs = pd.DataFrame([[0.05, 0.40, 0.0, 0.0, 0.55]], columns=list(LEGIT.classes))
    decided = decide(LEGIT, probs, PARAMS.decision)
    assert decided["legitimacy"].item() == "legitimate" and decided["legitimacy_review"].item()


def test_model_card_sentences_hold_when_no_session_or_every_session_is_reviewed():
    for served in ({"legitimacy.review.share": 0.0, "legitimacy.review.accuracy_decided": 0.8},
                   {"legitimacy.review.share": 1.0, "legitimacy.review.accuracy_review": 0.3}, {}):
        text = describe_review(PARAMS, served)
        assert "legitimacy_review" in text and "KeyError" not in text
    assert "no temperature was fitted" in describe_calibration(
        {"flags": {"temperature": 1.0, "status": "not fitted: too few valid units or positives"}}, {})
    text = describe_calibration({"legitimacy": {"temperature": 1.5, "valid_units": 200, "status": "fitted"},
                                 "flags": {"temperature": 1.0, "status": "not fitted: too few valid units or positives",
                                           "valid_units": 250, "valid_positives": 2}},
                                {"legitimacy.ece": 0.03, "legitimacy.ece_uncalibrated": 0.07})
    assert "temperature 1.500" in text and "0.070 before scaling, 0.030 after" in text and "2 positives" in text
