"""Stage `split`: train/valid/test manifests, grouped, stratified and seeded.

- Sources with official splits (params `split.official`) keep them.
- Team-written training sessions (`split.train_only_sources`) only ever go to
  train; the team-written test set (`split.held_out_sources`) is its own split,
  `written_test`, never trained or selected on; the team-written validation set
  (`split.valid_only_sources`) is its own split, `written_valid`, used only to
  choose decision thresholds.
- Everything else is split by group (customer id for JDDC, the session for the
  shop chats, which carry no customer id; TV series for CPED),
  so no customer appears in two splits, stratified on the session label where
  it exists. A group's place depends only on a seeded hash of its id within its
  stratum, so the test split never moves when training params change.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

import pandas as pd

from pipeline.io import InputError, read_table, write_json, write_table
from pipeline.params import SplitParams, load_params

SPLITS = ("train", "valid", "test", "written_valid", "written_test")


def placement_rank(seed: int, group_id: str) -> str:
    """A group's seeded hash: its place in a stratum, independent of every other group."""
    return hashlib.sha256(f"{seed}:{group_id}".encode()).hexdigest()


def assign_splits(sessions: pd.DataFrame, params: SplitParams) -> pd.Series:
    split = pd.Series("", index=sessions.index, dtype=object)
    for source, mapping in params.official.items():
        rows = sessions["source"] == source
        unknown = set(sessions.loc[rows, "source_split"]) - set(mapping)
        if unknown:
            raise InputError(f"split.official.{source} has no split for source split(s) {sorted(unknown)}")
        split[rows] = sessions.loc[rows, "source_split"].map(mapping)
    split[sessions["source"].isin(params.train_only_sources)] = "train"
    split[sessions["source"].isin(params.valid_only_sources)] = "written_valid"
    split[sessions["source"].isin(params.held_out_sources)] = "written_test"

    rest = sessions[split == ""]
    label = rest[params.stratify_on] if params.stratify_on in rest else pd.Series(pd.NA, index=rest.index)
    groups = pd.DataFrame({
        "source": rest["source"],
        "group_id": rest["group_id"],
        "stratum": label.astype("string").fillna("<unlabelled>"),
    }).drop_duplicates("group_id")  # a group's stratum is its first session's label
    for _, part in groups.groupby(["source", "stratum"]):
        ordered = sorted(part["group_id"], key=lambda g: placement_rank(params.seed, g))
        n_test = round(len(ordered) * params.test_fraction)
        n_valid = round(len(ordered) * params.valid_fraction)
        placed = {g: "test" for g in ordered[:n_test]}
        placed.update({g: "valid" for g in ordered[n_test:n_test + n_valid]})
        mask = rest["group_id"].isin(part["group_id"])
        split[rest.index[mask]] = rest.loc[mask, "group_id"].map(lambda g: placed.get(g, "train"))
    return split


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--sessions", required=True)
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--metrics-out", required=True)
    args = parser.parse_args()
    params = load_params(args.params).split
    sessions = read_table(args.sessions)
    sessions = sessions.assign(split=assign_splits(sessions, params))

    leaked = sessions.groupby("group_id")["split"].nunique()
    assert (leaked <= 1).all(), f"groups in two splits: {list(leaked[leaked > 1].index[:5])}"

    out_dir = Path(args.out_dir)
    metrics = {}
    for name in SPLITS:
        part = sessions[sessions["split"] == name]
        write_table(part[["session_id", "source", "source_split", "group_id"]], out_dir / f"{name}.parquet")
        for source, count in part["source"].value_counts().sort_index().items():
            metrics[f"{name}.{source}"] = int(count)
        for value, count in part[params.stratify_on].dropna().value_counts().sort_index().items():
            metrics[f"{name}.{params.stratify_on}.{value}"] = int(count)
    write_json(metrics, args.metrics_out)
    print("split:", metrics)


if __name__ == "__main__":
    main()
