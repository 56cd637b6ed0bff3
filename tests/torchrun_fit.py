"""Worker for tests/test_device.py: fits BertTriageModel on a toy corpus and writes,
per rank, a digest of the trained weights and the loss of every step.

Run as `torchrun --nproc_per_node N tests/torchrun_fit.py WORK_DIR ENCODER` or plainly
with `python` (a group of one). WORK_DIR holds turns.parquet, sessions.parquet and
params.json (BertParams fields and the target names).
"""

import hashlib
import json
import sys
from pathlib import Path

import pandas as pd

from pipeline.bert import BertTriageModel
from pipeline.params import BertParams, load_params


def main() -> None:
    work, encoder = Path(sys.argv[1]), sys.argv[2]
    spec = json.loads((work / "params.json").read_text())
    params = load_params(Path(__file__).resolve().parents[1] / "params.yaml")
    targets = tuple(params.target(name) for name in spec["targets"])
    bert = BertParams(**{k: tuple(v) if isinstance(v, list) else v for k, v in spec["bert"].items()})
    turns, sessions = pd.read_parquet(work / "turns.parquet"), pd.read_parquet(work / "sessions.parquet")
    ids = sessions["session_id"]
    model = BertTriageModel(targets, bert, encoder)
    model.fit(turns, sessions, ids[: spec["n_train"]], ids[spec["n_train"]:])
    digest = hashlib.sha256()
    for name, tensor in sorted(model.net.state_dict().items()):
        digest.update(name.encode())
        digest.update(tensor.detach().cpu().contiguous().numpy().tobytes())
    out = {"rank": model.ranks.rank, "world_size": model.ranks.world_size, "device": str(model.device),
           "weights": digest.hexdigest(), "step_losses": model.step_losses}
    (work / f"rank{model.ranks.rank}_of{model.ranks.world_size}.json").write_text(json.dumps(out))


if __name__ == "__main__":
    main()
