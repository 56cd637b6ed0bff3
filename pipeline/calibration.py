"""Temperature scaling of a model's probabilities, fitted on the valid split.

One temperature per target (Guo et al. 2017): the logits are divided by T > 0
chosen to minimise the negative log-likelihood of the valid split's gold
labels. It never changes the ranking of classes within a unit, so argmax
decisions and flags at 0.5 stay as trained; what changes is how far a
probability can be taken at its word (the abusive threshold, abstention, the
scorer's `*_p_*` columns).

The temperatures live with the model (`model.calibration`, saved in
model.json), so every path that predicts through the model — evaluate,
register, the served pyfunc, the scorer — gives calibrated probabilities.
Logits are recovered from probabilities (log p, or logit p for flags), which
is exact for softmax / sigmoid outputs up to the clipping below, so the same
code calibrates every model kind.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar
from scipy.special import expit, log_expit, log_softmax, logit, softmax

from pipeline.examples import labelled_examples, predictions_for
from pipeline.params import CalibrationParams, TargetParams

# Flag probabilities are clipped before taking logits: float32 sigmoids reach exactly 0 or 1.
EPS = 1e-7
# Search range of log T: T from about 0.05 to 20.
LOG_T_BOUNDS = (-3.0, 3.0)


def _logits(values: np.ndarray, kind: str) -> np.ndarray:
    values = values.astype(np.float64)
    if kind == "single":
        # A class the model cannot predict (probability exactly 0, e.g. unseen in
        # training) stays at 0: its logit is -inf.
        with np.errstate(divide="ignore"):
            return np.log(values)
    return logit(np.clip(values, EPS, 1 - EPS))


def scale(values: np.ndarray, kind: str, temperature: float) -> np.ndarray:
    """Probabilities as they would be with the logits divided by `temperature`."""
    if temperature == 1.0:
        return values
    scaled = _logits(values, kind) / temperature
    return softmax(scaled, axis=1) if kind == "single" else expit(scaled)


def negative_log_likelihood(values: np.ndarray, truth: np.ndarray, kind: str, temperature: float = 1.0) -> float:
    """Mean NLL per unit: `truth` holds class indices (single) or a boolean matrix (multilabel)."""
    scaled = _logits(values, kind) / temperature
    if kind == "single":
        # A gold class given probability 0 costs as much as one given EPS, not infinity.
        return float(-np.maximum(log_softmax(scaled, axis=1)[np.arange(len(truth)), truth], np.log(EPS)).mean())
    truth = truth.astype(bool)
    return float(-np.where(truth, log_expit(scaled), log_expit(-scaled)).sum(axis=1).mean())


def fit_temperature(values: np.ndarray, truth: np.ndarray, kind: str) -> float:
    result = minimize_scalar(lambda log_t: negative_log_likelihood(values, truth, kind, float(np.exp(log_t))),
                             bounds=LOG_T_BOUNDS, method="bounded", options={"xatol": 1e-4})
    return float(np.exp(result.x))


def temperature_of(calibration: dict[str, dict], target: TargetParams) -> float:
    return calibration.get(target.name, {}).get("temperature", 1.0)


def apply(probabilities: dict[str, pd.DataFrame], targets: tuple[TargetParams, ...],
          calibration: dict[str, dict]) -> dict[str, pd.DataFrame]:
    """Predictions keyed by target, with each target's temperature applied."""
    out = dict(probabilities)
    for target in targets:
        temperature = temperature_of(calibration, target)
        if target.name in out and temperature != 1.0:
            frame = out[target.name].copy()
            classes = list(target.classes)
            frame[classes] = scale(frame[classes].to_numpy(), target.kind, temperature).astype(np.float32)
            out[target.name] = frame
    return out


def uncalibrated(frame: pd.DataFrame, target: TargetParams, calibration: dict[str, dict]) -> pd.DataFrame:
    """The trained model's own probabilities from calibrated ones (T undone), for before/after figures."""
    temperature = temperature_of(calibration, target)
    classes = [c for c in target.classes if c in frame]
    if temperature == 1.0 or len(classes) < len(target.classes):
        return frame
    out = frame.copy()
    out[classes] = scale(frame[classes].to_numpy(), target.kind, 1.0 / temperature)
    return out


def not_fitted(reason: str, units: int, positives: int) -> dict:
    """A target that keeps its trained probabilities (T = 1), with the reason."""
    return {"temperature": 1.0, "valid_units": units, "valid_positives": positives, "status": f"not fitted: {reason}"}


def fit(model, turns: pd.DataFrame, sessions: pd.DataFrame, valid_ids: pd.Series,
        params: CalibrationParams) -> dict[str, dict]:
    """Fit one temperature per target of `model` on its valid units; sets and returns
    `model.calibration`. A target with too little valid evidence keeps T = 1, with
    the reason, rather than a temperature fitted to noise."""
    model.calibration = {}
    if params.method == "none":
        return model.calibration
    fitted: dict[str, dict] = {}
    for target in model.targets:
        gold = labelled_examples(target, turns, sessions, valid_ids)
        positives = int(gold[list(target.classes)].to_numpy().sum()) if target.kind == "multilabel" else len(gold)
        if len(gold) < params.min_valid_units or positives < params.min_valid_positives:
            fitted[target.name] = not_fitted("too few valid units or positives", len(gold), positives)
            continue
        predicted = predictions_for(model, target, turns, gold)
        if predicted is None:
            fitted[target.name] = not_fitted("the model does not predict this target", len(gold), positives)
            continue
        values = predicted[list(target.classes)].to_numpy()
        if target.kind == "single":
            truth = np.array([target.classes.index(c) for c in gold[target.label]])
        else:
            truth = gold[list(target.classes)].to_numpy().astype(bool)
        # A unit without a prediction would turn the likelihood into NaN: fitted without it.
        predicted_units = ~np.isnan(values).any(axis=1)
        values, truth = values[predicted_units], truth[predicted_units]
        if len(values) < params.min_valid_units:
            fitted[target.name] = not_fitted("too few valid units with a prediction", len(values), positives)
            continue
        temperature = fit_temperature(values, truth, target.kind)
        fitted[target.name] = {
            "temperature": round(temperature, 4), "valid_units": int(predicted_units.sum()),
            "valid_positives": positives, "valid_units_without_prediction": int((~predicted_units).sum()),
            "valid_nll_before": round(negative_log_likelihood(values, truth, target.kind), 4),
            "valid_nll_after": round(negative_log_likelihood(values, truth, target.kind, round(temperature, 4)), 4),
            "status": "fitted",
        }
    model.calibration = fitted
    return fitted


def report(calibration: dict[str, dict]) -> dict[str, float]:
    """Flat figures for the training metrics file and MLflow."""
    out = {}
    for name, info in calibration.items():
        for key in ("temperature", "valid_nll_before", "valid_nll_after"):
            if key in info:
                out[f"{name}/calibration_{key}"] = info[key]
    return out
