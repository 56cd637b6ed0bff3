"""Bootstrap intervals over sessions and the registry's paired gate."""

import numpy as np
import pandas as pd
import pytest

from pipeline.metrics import bootstrap_intervals, multilabel_metrics, paired_difference, single_label_metrics, unit_scores
from pipeline.params import load_params
from pipeline.register import gate_figures, paired_gate

from conftest import ROOT

PARAMS = load_params(ROOT / "params.yaml")
CLASSES = ("yes", "no")


def units_with_accuracy(n_sessions: int, correct: float, turns_per_session: int = 1, seed: int = 0) -> pd.DataFrame:
    """Sessions whose turns are all right or all wrong; `correct` of the sessions are right."""
    rng = np.random.default_rng(seed)
    right = np.arange(n_sessions) < round(correct * n_sessions)
    rng.shuffle(right)
    rows = []
    for s in range(n_sessions):
        truth = CLASSES[s % 2]
        pred = truth if right[s] else CLASSES[1 - s % 2]
        rows += [{"session_id": f"s{s:04d}", "y_true": truth, "y_pred": pred} for _ in range(turns_per_session)]
    return pd.DataFrame(rows)


def test_point_figures_match_sklearn_definitions():
    units = units_with_accuracy(50, 0.7)
    units.loc[3, "y_pred"] = "<none>"  # a session without prediction counts as wrong
    points = unit_scores(units, CLASSES, "single", np.sort(units["session_id"].unique()))
    expected = single_label_metrics(units["y_true"].tolist(), units["y_pred"].tolist(), CLASSES)
    for key in ("macro_f1", "accuracy", "yes.precision", "no.recall", "no.f1"):
        assert points[key][0] == pytest.approx(expected[key])


def test_flag_figures_match_multilabel_metrics():
    rng = np.random.default_rng(1)
    truth = pd.DataFrame(rng.random((60, 2)) < 0.3, columns=["a", "b"])
    pred = pd.DataFrame(rng.random((60, 2)) < 0.3, columns=["a", "b"])
    units = pd.DataFrame({"session_id": [f"s{i}" for i in range(60)],
                          **{f"true.{c}": truth[c] for c in "ab"}, **{f"pred.{c}": pred[c] for c in "ab"}})
    points = unit_scores(units, ("a", "b"), "multilabel", np.sort(units["session_id"].unique()))
    expected = multilabel_metrics(truth, pred, ("a", "b"))
    assert points["macro_f1"][0] == pytest.approx(expected["macro_f1"])
    assert points["b.precision"][0] == pytest.approx(expected["b.precision"])


def test_interval_of_a_known_proportion():
    # 400 independent sessions, 75 % right: the normal approximation gives 0.75 ± 1.96·sqrt(p(1-p)/n).
    units = units_with_accuracy(400, 0.75)
    ci = bootstrap_intervals(units, CLASSES, "single", samples=4000, confidence=0.95, seed=7)
    half_width = 1.96 * np.sqrt(0.75 * 0.25 / 400)
    assert ci["accuracy_ci_low"] == pytest.approx(0.75 - half_width, abs=0.01)
    assert ci["accuracy_ci_high"] == pytest.approx(0.75 + half_width, abs=0.01)
    perfect = bootstrap_intervals(units_with_accuracy(50, 1.0), CLASSES, "single", 500, 0.95, 1)
    assert perfect["macro_f1_ci_low"] == perfect["macro_f1_ci_high"] == 1.0


def test_turns_are_resampled_with_their_session():
    # Ten turns per session that are all right or all wrong carry the information of
    # one session, not of ten turns: the interval must be as wide as with one turn each.
    clustered = bootstrap_intervals(units_with_accuracy(100, 0.7, turns_per_session=10), CLASSES, "single",
                                    2000, 0.95, 3)
    single = bootstrap_intervals(units_with_accuracy(100, 0.7), CLASSES, "single", 2000, 0.95, 3)
    width = lambda ci: ci["accuracy_ci_high"] - ci["accuracy_ci_low"]
    assert width(clustered) == pytest.approx(width(single), rel=0.15)
    assert width(clustered) > 0.15  # a per-turn bootstrap would give about 0.057


def test_paired_difference_uses_the_same_sessions_for_both():
    units = units_with_accuracy(200, 0.8)
    diff = paired_difference(units, units.copy(), CLASSES, "single", ("macro_f1",), 500, 0.95, 0)["macro_f1"]
    assert diff["difference"] == diff["ci_low"] == diff["ci_high"] == 0.0


def gate_units(accuracy: float, seed: int) -> dict[str, pd.DataFrame]:
    legitimacy = units_with_accuracy(200, accuracy, seed=seed)
    legitimacy = legitimacy.replace({"yes": "legitimate", "no": "no_complaint"})
    return {"legitimacy": legitimacy}


FIGURES = gate_figures(PARAMS, {"legitimacy": (PARAMS.target("legitimacy").classes, "single")})


def test_paired_gate_refuses_a_clearly_worse_challenger():
    promote, reasons, report = paired_gate(gate_units(0.55, 1), gate_units(0.85, 2), FIGURES, PARAMS)
    assert not promote
    assert report["legitimacy.macro_f1.ci_high"] < 0
    assert any("WORSE" in r for r in reasons)


def test_paired_gate_keeps_a_challenger_equal_within_noise():
    # Same accuracy, different errors: the difference's interval straddles zero.
    promote, reasons, report = paired_gate(gate_units(0.80, 1), gate_units(0.82, 2), FIGURES, PARAMS)
    assert promote
    assert report["legitimacy.macro_f1.ci_low"] < 0 < report["legitimacy.macro_f1.ci_high"]
    assert any("within noise" in r for r in reasons)


def test_paired_gate_refuses_a_challenger_worse_on_the_written_test_set():
    champion = {**gate_units(0.8, 1), "written_test.legitimacy": gate_units(0.9, 3)["legitimacy"]}
    challenger = {**gate_units(0.8, 1), "written_test.legitimacy": gate_units(0.5, 4)["legitimacy"]}
    promote, reasons, _ = paired_gate(challenger, champion, FIGURES, PARAMS)
    assert not promote
    assert any(r.startswith("written_test.legitimacy.macro_f1") and "WORSE" in r for r in reasons)


def test_gate_without_a_champion_promotes():
    assert paired_gate(gate_units(0.5, 1), None, FIGURES, PARAMS)[0]


def test_a_class_only_one_model_predicts_does_not_swing_the_paired_difference():
    # One stray prediction of a class absent from the gold labels: one session of 200
    # changes, so the difference must stay small and within noise, not a 10-point drop.
    champion = units_with_accuracy(200, 0.8, seed=5)
    challenger = champion.copy()
    challenger.loc[0, "y_pred"] = "maybe"
    classes = ("yes", "no", "maybe")
    diff = paired_difference(challenger, champion, classes, "single", ("macro_f1",), 1000, 0.95, 0)["macro_f1"]
    assert abs(diff["difference"]) < 0.02 and diff["ci_low"] < 0.0 <= diff["ci_high"] + 1e-12


def test_paired_difference_aligns_sessions_not_rows():
    champion = units_with_accuracy(100, 0.7, turns_per_session=3, seed=2)
    shuffled = champion.sample(frac=1.0, random_state=1)  # same predictions, rows in another order
    extra = pd.DataFrame([{"session_id": "only-challenger", "y_true": "yes", "y_pred": "no"}])
    diff = paired_difference(pd.concat([shuffled, extra]), champion, CLASSES, "single", ("macro_f1", "accuracy"),
                             300, 0.95, 0)
    assert diff["macro_f1"]["difference"] == diff["accuracy"]["ci_low"] == diff["accuracy"]["ci_high"] == 0.0
    assert diff["macro_f1"]["sessions"] == 100 and diff["macro_f1"]["sessions_only_one_side"] == 1


def test_exact_interval_of_a_proportion_without_errors_is_not_degenerate():
    from pipeline.metrics import binomial_interval
    low, high = binomial_interval(10, 10, 0.95)
    assert high == 1.0 and low == pytest.approx(0.6915, abs=1e-3)
    assert binomial_interval(0, 0, 0.95) == (0.0, 0.0)
    low, high = binomial_interval(5, 10, 0.95)
    assert low == pytest.approx(0.187, abs=1e-3) and high == pytest.approx(0.813, abs=1e-3)


def test_expected_calibration_error_is_the_gap_between_accuracy_and_confidence():
    from pipeline.metrics import expected_calibration_error

    # 10 units at confidence 0.8 of which 8 right: calibrated
    assert expected_calibration_error(np.array([1] * 8 + [0] * 2), np.full(10, 0.8)) == pytest.approx(0.0)
    # overconfident: 0.9 claimed, half right -> 0.4; a second bin weighted by its share
    correct = np.array([1, 0, 1, 0] + [1, 1, 1, 1])
    confidence = np.array([0.9] * 4 + [0.55] * 4)
    assert expected_calibration_error(correct, confidence) == pytest.approx(0.5 * 0.4 + 0.5 * 0.45)
    assert expected_calibration_error(np.array([]), np.array([])) == 0.0


def test_ece_of_session_sums_equals_the_direct_ece_and_resamples_by_session():
    from pipeline.metrics import calibration_sums, ece_from_sums, expected_calibration_error
    rng = np.random.default_rng(3)
    ids = np.repeat(np.array([f"s{i:02d}" for i in range(40)]), 3)
    confidence = rng.uniform(0.2, 1.0, len(ids))
    correct = rng.uniform(size=len(ids)) < confidence * 0.8
    sessions = np.sort(np.unique(ids))
    sums = calibration_sums(ids, correct, confidence, sessions)
    assert ece_from_sums(sums.sum(0)) == pytest.approx(expected_calibration_error(correct, confidence))
    # a replicate drawing session s00 twice and s01 not at all counts s00's turns twice
    weights = np.ones(len(sessions))
    weights[0], weights[1] = 2, 0
    keep = np.concatenate([np.flatnonzero(ids == "s00")] * 2 + [np.flatnonzero(~np.isin(ids, ["s00", "s01"]))])
    replicate = np.einsum("rs,sbk->rbk", weights[None, :], sums)
    assert ece_from_sums(replicate)[0] == pytest.approx(expected_calibration_error(correct[keep], confidence[keep]))
