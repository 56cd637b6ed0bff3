"""Grouped folds and transfer plans of the crossval stage."""

import dataclasses

import pandas as pd

from pipeline.crossval import fold_plans, grouped_folds
from pipeline.params import load_params

from conftest import ROOT

PARAMS = load_params(ROOT / "params.yaml")


def real_sessions() -> pd.DataFrame:
    rows = []
    for i in range(300):
        source = "jddc" if i < 200 else "jddc21_shop"
        # JDDC customers have up to three sessions; shop sessions are their own group.
        group = f"c{i // 3}" if source == "jddc" else f"shop{i}"
        label = ["no_complaint", "legitimate", "unfounded"][0 if i % 10 < 6 else (1 if i % 10 < 9 else 2)]
        rows.append({"session_id": f"s{i}", "source": source, "group_id": group, "legitimacy": label})
    return pd.DataFrame(rows)


def test_folds_never_split_a_customer_and_keep_every_class():
    sessions = real_sessions()
    fold = grouped_folds(sessions, 5, 1, "legitimacy")
    assert set(fold) == set(range(5))
    assert (sessions.assign(fold=fold).groupby("group_id")["fold"].nunique() == 1).all()
    for f in range(5):
        assert set(sessions.loc[fold == f, "legitimacy"]) == {"no_complaint", "legitimate", "unfounded"}


def test_plans_test_every_real_session_once_and_written_ones_never():
    sessions = real_sessions()
    written = pd.Series(["syn-1", "syn-2"])
    plans = list(fold_plans(sessions, written, PARAMS))
    folds = [p for p in plans if p[0].startswith("fold")]
    assert len(folds) == PARAMS.cv.folds
    tested = pd.concat([test for _, _, _, test in folds])
    assert sorted(tested) == sorted(sessions["session_id"]) and not tested.duplicated().any()
    group = sessions.set_index("session_id")["group_id"]
    for name, train, valid, test in plans:
        assert set(written) <= set(train) and not set(written) & (set(valid) | set(test))
        assert not set(train) & set(test) and not set(valid) & set(test) and not set(train) & set(valid)
        real_train = [s for s in train if s in group.index]
        # No customer on both sides of any plan.
        assert not set(group[real_train]) & set(group[list(test)]), name
        assert not set(group[list(valid)]) & set(group[list(test)]), name


def test_transfer_trains_on_one_corpus_and_tests_on_the_other():
    sessions = real_sessions()
    plans = {p[0]: p for p in fold_plans(sessions, pd.Series([], dtype=str), PARAMS)}
    _, train, valid, test = plans["transfer.jddc_to_jddc21_shop"]
    source = sessions.set_index("session_id")["source"]
    assert set(source[list(train)]) == {"jddc"} and set(source[list(valid)]) == {"jddc"}
    assert set(source[list(test)]) == {"jddc21_shop"} and len(test) == 100
    assert "transfer.jddc21_shop_to_jddc" in plans
    no_transfer = dataclasses.replace(PARAMS, cv=dataclasses.replace(PARAMS.cv, transfer=False))
    assert all(p[0].startswith("fold") for p in fold_plans(sessions, pd.Series([], dtype=str), no_transfer))
