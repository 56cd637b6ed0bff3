"""TF-IDF (character n-grams) + logistic regression, one head per target.

Saved without pickles: the vocabulary as JSON, idf and the linear weights as
safetensors, so a model file can be loaded safely from the registry.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
from safetensors.numpy import load_file, save_file
from scipy.special import expit, softmax
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

from pipeline import calibration
from pipeline.examples import key_columns, labelled_examples, target_inputs
from pipeline.model import read_manifest, targets_from_manifest, write_manifest
from pipeline.params import BaselineParams, TargetParams


@dataclasses.dataclass
class _Head:
    """Linear weights over one vectoriser: one row per output (class, or flag for multilabel)."""

    vectorizer: TfidfVectorizer
    coef: np.ndarray
    intercept: np.ndarray
    outputs: tuple[str, ...]  # classes seen in training, or flag names

    def scores(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.vectorizer.transform(texts) @ self.coef.T) + self.intercept


class TfidfModel:
    kind = "tfidf"

    def __init__(self, targets: tuple[TargetParams, ...], params: BaselineParams):
        self.targets = targets
        self.params = params
        self.heads: dict[str, _Head] = {}
        self.calibration: dict[str, dict] = {}  # per target temperature, fitted on valid (calibration.fit)
        self.thresholds: dict = {}  # decision thresholds chosen on valid (thresholds.choose)

    def _vectorizer(self, vocabulary: dict[str, int] | None = None) -> TfidfVectorizer:
        p = self.params
        return TfidfVectorizer(analyzer="char", ngram_range=(p.ngram_min, p.ngram_max), min_df=p.min_df,
                               max_features=p.max_features, sublinear_tf=True, vocabulary=vocabulary,
                               dtype=np.float32)

    def _classifier(self) -> LogisticRegression:
        return LogisticRegression(C=self.params.C, class_weight=self.params.class_weight,
                                  max_iter=self.params.max_iter)

    def fit(self, turns: pd.DataFrame, sessions: pd.DataFrame, train_ids: pd.Series,
            valid_ids: pd.Series) -> dict[str, float]:
        report: dict[str, float] = {}
        for target in self.targets:
            train = labelled_examples(target, turns, sessions, train_ids)
            report[f"{target.name}/train_examples"] = len(train)
            if train.empty:
                print(f"baseline: target {target.name}: no labelled training examples, skipped")
                continue
            vectorizer = self._vectorizer()
            features = vectorizer.fit_transform(train["text"])
            if target.kind == "single":
                y = train[target.label]
                if y.nunique() < 2:
                    print(f"baseline: target {target.name}: only one class in train, skipped")
                    continue
                clf = self._classifier().fit(features, y)
                coef, intercept = clf.coef_, clf.intercept_
                outputs = tuple(clf.classes_)
                if len(outputs) == 2:  # sklearn keeps one row for binary problems
                    coef, intercept = np.vstack([-coef, coef]), np.concatenate([-intercept, intercept])
            else:
                rows, biases = [], []
                for flag in target.classes:
                    y = train[flag].to_numpy()
                    if y.all() or not y.any():
                        # Nothing to learn: predict the training prior for this flag.
                        prior = np.clip(y.mean(), 1e-4, 1 - 1e-4)
                        rows.append(np.zeros(features.shape[1]))
                        biases.append(np.log(prior / (1 - prior)))
                        report[f"{target.name}/{flag}/constant"] = 1
                        continue
                    clf = self._classifier().fit(features, y)
                    rows.append(clf.coef_[0])
                    biases.append(clf.intercept_[0])
                coef, intercept, outputs = np.vstack(rows), np.asarray(biases), tuple(target.classes)
            self.heads[target.name] = _Head(vectorizer, coef.astype(np.float32), intercept.astype(np.float32), outputs)

            valid = labelled_examples(target, turns, sessions, valid_ids)
            if target.kind == "single" and len(valid):
                predicted = self._predict_inputs(target, valid)
                chosen = predicted[list(target.classes)].to_numpy().argmax(axis=1)
                report[f"{target.name}/valid_macro_f1"] = float(f1_score(
                    valid[target.label], np.asarray(target.classes)[chosen], average="macro", zero_division=0))
        return report

    def predict_proba(self, turns: pd.DataFrame, targets: list[str] | None = None,
                      batch_size: int | None = None, batch_tokens: int | None = None) -> dict[str, pd.DataFrame]:
        # Sparse linear heads score any number of rows at once: no batching needed.
        out = {
            target.name: self._predict_inputs(target, target_inputs(target, turns))
            for target in self.targets
            if target.name in self.heads and (targets is None or target.name in targets)
        }
        return calibration.apply(out, self.targets, self.calibration)

    def _predict_inputs(self, target: TargetParams, inputs: pd.DataFrame) -> pd.DataFrame:
        head = self.heads[target.name]
        scores = head.scores(inputs["text"].tolist())
        if target.kind == "single":
            frame = pd.DataFrame(0.0, index=range(len(inputs)), columns=list(target.classes))
            frame[list(head.outputs)] = softmax(scores, axis=1)
        else:
            frame = pd.DataFrame(expit(scores), columns=list(head.outputs))
        return pd.concat([inputs[key_columns(target)].reset_index(drop=True), frame], axis=1)

    def save(self, directory: Path) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        heads = {}
        for name, head in self.heads.items():
            vocabulary = {term: int(i) for term, i in head.vectorizer.vocabulary_.items()}
            (directory / f"{name}.vocabulary.json").write_text(json.dumps(vocabulary, ensure_ascii=False),
                                                               encoding="utf-8")
            # safetensors writes raw buffers: sklearn's coef_ can be Fortran-ordered.
            tensors = {"idf": head.vectorizer.idf_, "coef": head.coef, "intercept": head.intercept}
            save_file({k: np.ascontiguousarray(v, dtype=np.float32) for k, v in tensors.items()},
                      str(directory / f"{name}.safetensors"))
            heads[name] = {"outputs": list(head.outputs)}
        write_manifest(directory, self.kind, self.targets, params=dataclasses.asdict(self.params), heads=heads,
                       calibration=self.calibration, thresholds=self.thresholds)

    @classmethod
    def load(cls, directory: Path) -> "TfidfModel":
        manifest = read_manifest(directory)
        model = cls(targets_from_manifest(manifest), BaselineParams(**manifest["params"]))
        model.calibration = manifest.get("calibration", {})  # absent in models trained before calibration
        model.thresholds = manifest.get("thresholds", {})  # absent: the configured thresholds
        for name, info in manifest["heads"].items():
            vocabulary = json.loads((directory / f"{name}.vocabulary.json").read_text(encoding="utf-8"))
            weights = load_file(str(directory / f"{name}.safetensors"))
            vectorizer = model._vectorizer(vocabulary)
            vectorizer.idf_ = weights["idf"]
            model.heads[name] = _Head(vectorizer, weights["coef"], weights["intercept"], tuple(info["outputs"]))
        return model
