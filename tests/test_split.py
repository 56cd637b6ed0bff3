import dataclasses

import pandas as pd

from pipeline.params import load_params
from pipeline.split import assign_splits

from conftest import ROOT

PARAMS = load_params(ROOT / "params.yaml").split


def make_sessions(n=400):
    rows = []
    for i in range(n):
        label = ["no_complaint", "legitimate", "unfounded"][0 if i % 10 < 7 else (1 if i % 10 < 9 else 2)]
        # Customers c0..c(n/2): two sessions each, so grouping matters.
        rows.append({"session_id": f"s{i}", "source": "jddc", "source_split": "", "group_id": f"c{i // 2}",
                     "legitimacy": label if i % 2 == 0 else label})
    rows += [{"session_id": "syn-1", "source": "synthetic", "source_split": "", "group_id": "syn-1",
              "legitimacy": "abusive"},
             {"session_id": "ewect:virus_test_labeled:1", "source": "ewect", "source_split": "virus_test_labeled",
              "group_id": "e1", "legitimacy": None}]
    return pd.DataFrame(rows)


def test_groups_never_straddle_splits_and_fractions_hold():
    sessions = make_sessions()
    split = assign_splits(sessions, PARAMS)
    by_group = sessions.assign(split=split).groupby("group_id")["split"].nunique()
    assert (by_group == 1).all()
    jddc = split[sessions.source == "jddc"].value_counts(normalize=True)
    assert abs(jddc["test"] - 0.15) < 0.03 and abs(jddc["valid"] - 0.15) < 0.03


def test_stratified_each_class_reaches_test():
    sessions = make_sessions()
    split = assign_splits(sessions, PARAMS)
    test = sessions[split == "test"]
    assert set(test["legitimacy"]) >= {"no_complaint", "legitimate", "unfounded"}


def test_official_and_synthetic_placement():
    sessions = make_sessions()
    split = assign_splits(sessions, PARAMS).set_axis(sessions.session_id)
    assert split["syn-1"] == "train"
    assert split["ewect:virus_test_labeled:1"] == "test"


def test_split_is_seeded_and_stable_under_unrelated_changes():
    sessions = make_sessions()
    first = assign_splits(sessions, PARAMS)
    assert first.equals(assign_splits(sessions.sample(frac=1, random_state=3).sort_index(), PARAMS))
    other_seed = assign_splits(sessions, dataclasses.replace(PARAMS, seed=PARAMS.seed + 1))
    assert not first.equals(other_seed)
    # Adding sessions of another customer does not move anybody already placed.
    extra = pd.concat([sessions, pd.DataFrame([{"session_id": "new", "source": "jddc", "source_split": "",
                                                  "group_id": "new-customer", "legitimacy": None}])],
                      ignore_index=True)
    moved = assign_splits(extra, PARAMS).iloc[: len(sessions)]
    assert moved[sessions.legitimacy.notna()].equals(first[sessions.legitimacy.notna()])


def test_written_test_sessions_get_their_own_split_and_pairs_stay_together():
    sessions = make_sessions()
    extra = pd.DataFrame([
        {"session_id": "wt-1", "source": "written_test", "source_split": "", "group_id": "wt-1", "legitimacy": "abusive"},
        {"session_id": "syn-a", "source": "synthetic", "source_split": "", "group_id": "p1", "legitimacy": "excessive"},
        {"session_id": "syn-b", "source": "synthetic", "source_split": "", "group_id": "p1", "legitimacy": "abusive"},
    ])
    split = assign_splits(pd.concat([sessions, extra], ignore_index=True), PARAMS)
    placed = split.iloc[len(sessions):].tolist()
    assert placed == ["written_test", "train", "train"]
    assert "written_test" not in set(split.iloc[: len(sessions)])


def test_test_split_holds_every_real_source():
    shop = pd.DataFrame([{"session_id": f"shop{i}", "source": "jddc21_shop", "source_split": "dev",
                          "group_id": f"shop{i}", "legitimacy": "legitimate" if i % 3 else "no_complaint"}
                         for i in range(120)])
    sessions = pd.concat([make_sessions(), shop], ignore_index=True)
    split = assign_splits(sessions, PARAMS)
    assert set(sessions.loc[split == "test", "source"]) >= {"jddc", "jddc21_shop"}
