"""Fine-tuned BERT encoder: one shared encoder, one head per target (multi-task).

Targets that read the same input (all session targets, all turn targets of the
same roles) share a forward pass, so legitimacy, the risk flags and the direct
emotion peak cost one encoder pass per session. A target without a label for
an example (e.g. emotion_peak_direct on a synthetic session) is masked in the
loss, not given its own pass. Long transcripts are handled by
`long_text`: `head_tail` (first quarter + last three quarters of the tokens),
`customer_first` (customer turns before agent turns, then truncation) or
`chunk_pool` (consecutive chunks, embeddings mean-pooled per session).
"""

from __future__ import annotations

import dataclasses
import random
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from safetensors.torch import load_file, save_file
from torch import nn
from tqdm import tqdm
from transformers import AutoModel, AutoTokenizer, get_linear_schedule_with_warmup

from torch.nn.parallel import DistributedDataParallel

from pipeline import calibration
from pipeline.batching import length_buckets
from pipeline import device as devices
from pipeline.examples import ROLE_PREFIX, TURN_KEY, labelled_examples
from pipeline.metrics import selection_macro_f1
from pipeline.model import read_manifest, targets_from_manifest, write_manifest
from pipeline.params import BertParams, TargetParams

ENCODER_DIR = "encoder"
HEADS_FILE = "heads.safetensors"
MIXER_FILE = "session_mixer.safetensors"  # hierarchical sessions only


# ----------------------------------------------------------------------------- inputs
class InputBuilder:
    """Token ids for sessions (with the long-text strategy) and for single turns."""

    def __init__(self, tokenizer, params: BertParams):
        self.tokenizer = tokenizer
        self.params = params

    def _ids(self, texts: list[str]) -> list[list[int]]:
        return self.tokenizer(texts, add_special_tokens=False, truncation=False)["input_ids"] if texts else []

    def _wrap(self, ids: list[int]) -> list[int]:
        return [self.tokenizer.cls_token_id, *ids, self.tokenizer.sep_token_id]

    def sessions(self, turns: pd.DataFrame) -> dict[str, list[list[int]]]:
        """session_id -> chunks of token ids (one chunk unless chunk_pool)."""
        ordered = turns.sort_values(TURN_KEY, kind="stable")
        texts = (ordered["role"].map(ROLE_PREFIX).fillna("") + ordered["text"]).tolist()
        ids = self._ids(texts)
        body = self.params.max_length - 2
        out: dict[str, list[list[int]]] = {}
        grouped: dict[str, list[tuple[str, list[int]]]] = defaultdict(list)
        for sid, role, turn_ids in zip(ordered["session_id"], ordered["role"], ids):
            grouped[sid].append((role, turn_ids))
        for sid, parts in grouped.items():
            strategy = self.params.long_text
            if strategy == "hierarchical":
                out[sid] = self._turn_chunks([turn_ids for _, turn_ids in parts])
                continue
            if strategy == "customer_first":
                parts = [p for p in parts if p[0] == "customer"] + [p for p in parts if p[0] != "customer"]
            flat = [t for _, turn_ids in parts for t in turn_ids]
            if strategy == "chunk_pool":
                chunks = [flat[i:i + body] for i in range(0, max(len(flat), 1), body)][: self.params.max_chunks]
            elif strategy == "head_tail" and len(flat) > body:
                head = body // 4
                chunks = [flat[:head] + flat[len(flat) - (body - head):]]
            else:
                chunks = [flat[:body]]
            out[sid] = [self._wrap(c) for c in chunks]
        return out

    def _turn_chunks(self, turn_ids: list[list[int]]) -> list[list[int]]:
        """One chunk per turn (role prefix kept); over max_chunks turns, the first
        quarter and the last turns, as head_tail does with tokens."""
        body, limit = self.params.turn_max_length - 2, self.params.max_chunks
        if len(turn_ids) > limit:
            head = limit // 4
            turn_ids = turn_ids[:head] + turn_ids[len(turn_ids) - (limit - head):]
        return [self._wrap(ids[:body]) for ids in turn_ids] or [self._wrap([])]

    def turns(self, texts: list[str]) -> list[list[list[int]]]:
        body = self.params.turn_max_length - 2
        return [[self._wrap(ids[:body])] for ids in self._ids(texts)]


# ----------------------------------------------------------------------------- model
def mean_pool(hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """Mean of the token states under the attention mask (padding excluded)."""
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)


class TurnMixer(nn.Module):
    """The hierarchical session encoder's upper level: turn vectors in order (with
    their position) through one transformer layer, then averaged per session."""

    def __init__(self, hidden: int, max_turns: int, dropout: float):
        super().__init__()
        self.position = nn.Embedding(max_turns, hidden)
        nn.init.zeros_(self.position.weight)  # starts as plain averaging of the turn vectors
        self.layer = nn.TransformerEncoderLayer(hidden, nhead=4, dim_feedforward=2 * hidden, dropout=dropout,
                                                batch_first=True, norm_first=True)

    def forward(self, turn_vectors: torch.Tensor, owner: torch.Tensor, n_units: int) -> torch.Tensor:
        counts = torch.bincount(owner, minlength=n_units)
        # owner is non-decreasing (collate lays out each unit's chunks together)
        slot = torch.arange(len(owner), device=owner.device) - (torch.cumsum(counts, 0) - counts)[owner]
        width = int(counts.max())
        grid = turn_vectors.new_zeros(n_units, width, turn_vectors.shape[-1])
        grid[owner, slot] = turn_vectors + self.position(slot)
        present = torch.zeros(n_units, width, dtype=torch.bool, device=owner.device)
        present[owner, slot] = True
        mixed = self.layer(grid, src_key_padding_mask=~present)
        return mean_pool(mixed, present.long())


class MultiTaskModel(nn.Module):
    def __init__(self, encoder: nn.Module, heads: dict[str, int], dropout: float,
                 session_heads: frozenset[str] = frozenset(), max_turns: int = 0):
        super().__init__()
        self.encoder = encoder
        hidden = encoder.config.hidden_size
        self.dropout = nn.Dropout(dropout)
        self.heads = nn.ModuleDict({name: nn.Linear(hidden, size) for name, size in heads.items()})
        # hierarchical sessions: the heads of session targets read the mixed turn vectors
        self.session_heads = session_heads
        self.mixer = TurnMixer(hidden, max_turns, dropout) if max_turns else None

    def embed(self, input_ids, attention_mask, owner, n_units, mix: bool = False):
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        pooled = mean_pool(hidden, attention_mask)
        if mix:
            return self.mixer(pooled, owner, n_units)
        if len(owner) == n_units:  # one chunk per unit: nothing to pool across chunks
            return pooled
        # chunk_pool: average the chunks that belong to the same unit
        total = torch.zeros(n_units, pooled.shape[-1], dtype=pooled.dtype, device=pooled.device).index_add_(
            0, owner, pooled)
        counts = torch.zeros(n_units, dtype=pooled.dtype, device=pooled.device).index_add_(
            0, owner, torch.ones_like(owner, dtype=pooled.dtype))
        return total / counts.unsqueeze(-1)

    def forward(self, batch, head_names):
        mix = self.mixer is not None and any(name in self.session_heads for name in head_names)
        pooled = self.dropout(self.embed(batch["input_ids"], batch["attention_mask"], batch["owner"], batch["n_units"],
                                         mix))
        return {name: self.heads[name](pooled) for name in head_names}


def collate(units: list[list[list[int]]], pad_id: int) -> dict:
    """Dynamic padding to the longest chunk in the batch."""
    chunks, owner = [], []
    for i, unit in enumerate(units):
        chunks += unit
        owner += [i] * len(unit)
    width = max(len(c) for c in chunks)
    ids = torch.full((len(chunks), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(chunks), width), dtype=torch.long)
    for row, chunk in enumerate(chunks):
        ids[row, : len(chunk)] = torch.tensor(chunk)
        mask[row, : len(chunk)] = 1
    return {"input_ids": ids, "attention_mask": mask, "owner": torch.tensor(owner), "n_units": len(units)}


def to_device(batch: dict, device: torch.device) -> dict:
    return {k: v.to(device) if isinstance(v, torch.Tensor) else v for k, v in batch.items()}


def token_batches(lengths: list[int], batch_tokens: int) -> list[list[int]]:
    """Inference batches of similar length, each at most `batch_tokens` padded tokens.

    Short turns go many to a batch and long sessions few: on CPU a batch of a
    few hundred tokens keeps the weights in cache, while one fixed row count
    would make turn batches tiny or session batches huge (benchmarks/score.py).
    """
    batches: list[list[int]] = []
    current: list[int] = []
    for i in sorted(range(len(lengths)), key=lambda i: lengths[i]):
        # Sorted ascending, so the newest row is the widest: it sets the padded width.
        if current and (len(current) + 1) * lengths[i] > batch_tokens:
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


# ----------------------------------------------------------------------------- the model kind
@dataclasses.dataclass
class _Group:
    """Targets that read the same input units (one encoder pass serves them all)."""

    level: str
    roles: tuple[str, ...]
    targets: list[TargetParams]


def _groups(targets: tuple[TargetParams, ...]) -> list[_Group]:
    found: dict[tuple, _Group] = {}
    for target in targets:
        key = (target.level, tuple(target.roles))
        found.setdefault(key, _Group(target.level, tuple(target.roles), [])).targets.append(target)
    return list(found.values())


def sampled_target(targets: list[TargetParams], mode: str) -> TargetParams | None:
    """The target whose classes `bert.class_sampling` draws evenly: the group's first single-label one."""
    return None if mode == "none" else next((t for t in targets if t.kind == "single"), None)


def class_sample(targets: list[TargetParams], labels: dict[str, torch.Tensor], mode: str,
                 rng: random.Random) -> list[int]:
    """One epoch's example indices under `bert.class_sampling`: none = each once, in order;
    otherwise as many drawn with replacement, weighted 1 / count(class)^a (a = 1 balanced,
    0.5 sqrt) by the first single-label target; examples without its label are a stratum
    of their own."""
    n = len(next(iter(labels.values())))
    single = sampled_target(targets, mode)
    if single is None:
        return list(range(n))
    y = labels[single.name].tolist()
    counts = Counter(y)
    exponent = {"balanced": 1.0, "sqrt": 0.5}[mode]
    return rng.choices(range(n), weights=[counts[c] ** -exponent for c in y], k=n)


class BertTriageModel:
    kind = "bert"

    def __init__(self, targets: tuple[TargetParams, ...], params: BertParams, encoder_path: str | Path):
        self.targets = targets
        self.params = params
        torch.set_num_threads(params.threads)
        # The heads are initialised here, so the seed must be set before them:
        # the same params must give the same model run after run.
        torch.manual_seed(params.seed)
        self.tokenizer = AutoTokenizer.from_pretrained(str(encoder_path))
        # The classifier mean-pools token states; a pooler would be dead weight.
        encoder = AutoModel.from_pretrained(str(encoder_path), add_pooling_layer=False)
        if params.layers < encoder.config.num_hidden_layers:
            encoder.encoder.layer = encoder.encoder.layer[: params.layers]
            encoder.config.num_hidden_layers = params.layers
        heads = {t.name: len(t.classes) for t in targets}
        # torchrun sets the process's rank; a plain run is a group of one (pipeline/device.py).
        self.ranks = devices.ranks_from_env()
        self.device = devices.pick(params.device, self.ranks)
        hierarchical = params.long_text == "hierarchical"
        self.net = MultiTaskModel(
            encoder, heads, params.dropout,
            session_heads=frozenset(t.name for t in targets if t.level == "session") if hierarchical else frozenset(),
            max_turns=params.max_chunks if hierarchical else 0).to(self.device)
        self.inputs = InputBuilder(self.tokenizer, params)
        self.timing: dict[str, float] = {}
        self.calibration: dict[str, dict] = {}  # per target temperature, fitted on valid (calibration.fit)
        self.thresholds: dict = {}  # decision thresholds chosen on valid (thresholds.choose)

    # -- data
    def _units(self, group: _Group, frame: pd.DataFrame, turns: pd.DataFrame) -> list[list[list[int]]]:
        if group.level == "session":
            encoded = self.inputs.sessions(turns[turns["session_id"].isin(frame["session_id"])])
            return [encoded[sid] for sid in frame["session_id"]]
        return self.inputs.turns(frame["text"].tolist())

    def _labels(self, target: TargetParams, frame: pd.DataFrame) -> torch.Tensor:
        if target.kind == "single":
            index = {c: i for i, c in enumerate(target.classes)}
            return torch.tensor([index.get(v, -100) if isinstance(v, str) else -100 for v in frame[target.label]])
        values = frame[list(target.classes)].astype("float32").fillna(-1.0).to_numpy()
        return torch.tensor(values)

    def _epoch_pool(self, group: _Group, labels: dict[str, torch.Tensor], rng: random.Random) -> list[int]:
        """Example indices of one epoch: each once (or as drawn by `bert.class_sampling`),
        a session with a positive flag `bert.flag_oversample` times (oversampling the rare flags)."""
        n = len(next(iter(labels.values())))
        flagged = torch.zeros(n, dtype=torch.bool)
        for target in group.targets:
            if target.kind == "multilabel":
                flagged |= (labels[target.name] == 1).any(dim=1)
        factor = self.params.flag_oversample
        drawn = class_sample(group.targets, labels, self.params.class_sampling, rng)
        return [i for i in drawn for _ in range(factor if flagged[i] else 1)]

    def _group_examples(self, group: _Group, turns, sessions, ids) -> pd.DataFrame:
        """Union of the group's targets' labelled examples; a missing label is masked, not dropped."""
        frames = [labelled_examples(t, turns, sessions, ids) for t in group.targets]
        key = ["session_id"] if group.level == "session" else TURN_KEY
        merged = frames[0]
        for frame in frames[1:]:
            extra = [c for c in frame.columns if c not in merged.columns]
            merged = merged.merge(frame[key + extra + ["text"]], on=key, how="outer", suffixes=("", "_other"))
            # Targets of one group may cover different sources: keep the text of either side.
            merged["text"] = merged["text"].fillna(merged.pop("text_other"))
        if self.params.max_train_examples is not None:
            merged = merged.head(self.params.max_train_examples)
        return merged.reset_index(drop=True)

    # -- losses
    def _loss_fns(self, group_data) -> dict[str, nn.Module]:
        losses = {}
        for group, frame, _, labels in group_data:
            sampled = sampled_target(group.targets, self.params.class_sampling)
            for target in group.targets:
                y = labels[target.name]
                if target.kind == "single":
                    counts = torch.bincount(y[y >= 0], minlength=len(target.classes)).float()
                    # A target whose classes are drawn evenly needs no weights on top.
                    weight = None if target is sampled else self._class_weight(counts)
                    losses[target.name] = nn.CrossEntropyLoss(weight=weight, ignore_index=-100)
                else:
                    known = y >= 0
                    pos = (y.clamp(min=0) * known).sum(0)
                    neg = ((1 - y.clamp(min=0)) * known).sum(0)
                    ratio = (neg / pos.clamp(min=1)).clamp(max=50.0)
                    pos_weight = {"none": torch.ones_like(ratio), "balanced": ratio, "sqrt": ratio.sqrt()}[
                        self.params.class_weighting]
                    losses[target.name] = nn.BCEWithLogitsLoss(pos_weight=pos_weight, reduction="none")
        return losses

    def _class_weight(self, counts: torch.Tensor) -> torch.Tensor | None:
        if self.params.class_weighting == "none":
            return None
        present = counts > 0
        weight = torch.zeros_like(counts)
        weight[present] = counts[present].sum() / (present.sum() * counts[present])
        return weight.sqrt() if self.params.class_weighting == "sqrt" else weight

    def _target_loss(self, target, loss_fn, logits, y):
        gamma = self.params.focal_gamma
        if target.kind == "single":
            if not (y >= 0).any():
                return logits.sum() * 0
            if not gamma:
                return loss_fn(logits, y)
            # Focal: each example's weighted cross-entropy times (1 - p_true)^gamma,
            # averaged like the weighted mean of nn.CrossEntropyLoss.
            known = y >= 0
            logits, y = logits[known], y[known]
            per = nn.functional.cross_entropy(logits, y, weight=loss_fn.weight, reduction="none")
            p_true = logits.softmax(-1).gather(1, y[:, None]).squeeze(1)
            norm = loss_fn.weight[y].sum() if loss_fn.weight is not None else y.new_tensor(len(y), dtype=per.dtype)
            return ((1 - p_true).pow(gamma) * per).sum() / norm.clamp(min=1e-12)
        known = (y >= 0).float()
        target_y = y.clamp(min=0).to(logits.dtype)
        per = loss_fn(logits, target_y)
        if gamma:
            p = logits.sigmoid()
            per = per * (1 - (p * target_y + (1 - p) * (1 - target_y))).pow(gamma)
        per = per * known
        return per.sum() / known.sum().clamp(min=1)

    # -- training
    def fit(self, turns: pd.DataFrame, sessions: pd.DataFrame, train_ids: pd.Series, valid_ids: pd.Series,
            on_epoch=None) -> dict[str, float]:
        """Train every target. Under torchrun each of the N processes takes every N-th
        example of each global batch (N x batch_size examples, the same plan on every
        rank) and DistributedDataParallel averages the gradients, so N processes step
        like one process with an N-times larger batch (exactly so when the batch splits
        evenly; a last, uneven batch weighs each rank's mean alike); every rank
        validates, and rank 0's objective decides the epoch for all."""
        p = self.params
        ranks, world = self.ranks, self.ranks.world_size
        devices.join_group(ranks, self.device)
        precision = devices.precision(self.device, p.bf16)
        rng = random.Random(p.seed)
        torch.manual_seed(p.seed)
        group_data = []
        for group in _groups(self.targets):
            frame = self._group_examples(group, turns, sessions, train_ids)
            if frame.empty:
                continue
            units = self._units(group, frame, turns)
            labels = {t.name: self._labels(t, frame) for t in group.targets}
            group_data.append((group, frame, units, labels))
        losses = {name: loss.to(self.device) for name, loss in self._loss_fns(group_data).items()}

        def epoch_batches():
            plan = []
            for gi, (group, _, units, labels) in enumerate(group_data):
                pool = self._epoch_pool(group, labels, rng)
                lengths = [sum(len(c) for c in units[i]) for i in pool]
                size = (p.batch_size if group.level == "session" else p.turn_batch_size) * world
                # A last batch smaller than the number of ranks would leave a rank without data.
                plan += [(gi, [pool[j] for j in b]) for b in length_buckets(lengths, size, rng, shuffle=True)
                         if len(b) >= world]
            rng.shuffle(plan)
            return plan

        steps_per_epoch = len(epoch_batches())
        total = steps_per_epoch * p.epochs
        decay = [prm for n, prm in self.net.named_parameters() if not any(k in n for k in ("bias", "LayerNorm"))]
        no_decay = [prm for n, prm in self.net.named_parameters() if any(k in n for k in ("bias", "LayerNorm"))]
        optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": p.weight_decay},
                                       {"params": no_decay, "weight_decay": 0.0}], lr=p.learning_rate)
        scheduler = get_linear_schedule_with_warmup(optimizer, int(total * p.warmup_ratio), total)
        scaler = devices.grad_scaler(self.device, precision)
        # Heads of the other input group get no gradient in a step: DDP must not wait for them.
        stepper = DistributedDataParallel(
            self.net, device_ids=[self.device.index] if self.device.type == "cuda" else None,
            find_unused_parameters=True) if ranks.distributed else self.net

        best, best_state, stale, history = -1.0, None, 0, {}
        started, steps = time.perf_counter(), 0
        self.step_losses: list[float] = []  # mean over ranks of each step's loss
        progress = tqdm(total=total, desc="train", unit="step", mininterval=10, disable=not ranks.is_main)
        for epoch in range(1, p.epochs + 1):
            self.net.train()
            running = 0.0
            for gi, batch_index in epoch_batches():
                group, _, units, labels = group_data[gi]
                mine = batch_index[ranks.rank::world]
                batch = to_device(collate([units[i] for i in mine], self.tokenizer.pad_token_id), self.device)
                with devices.autocast(self.device, precision):
                    logits = stepper(batch, [t.name for t in group.targets])
                loss = sum(self._target_loss(t, losses[t.name], logits[t.name].float(),
                                             labels[t.name][mine].to(self.device))
                           for t in group.targets)
                scaler.scale(loss).backward()
                scaler.unscale_(optimizer)
                torch.nn.utils.clip_grad_norm_(self.net.parameters(), 1.0)
                scaler.step(optimizer)
                scaler.update()
                scheduler.step()
                optimizer.zero_grad()
                step_loss = devices.mean_across_ranks(loss.item(), ranks, self.device)
                self.step_losses.append(step_loss)
                running += step_loss
                steps += 1
                progress.update(1)
            valid = self.validate(turns, sessions, valid_ids)
            valid["train_loss"] = running / max(steps_per_epoch, 1)
            history[epoch] = valid
            if on_epoch:
                on_epoch(epoch, valid)
            score = devices.from_main(valid["objective"], ranks, self.device)
            if score > best:
                best, stale = score, 0
                best_state = {k: v.detach().clone() for k, v in self.net.state_dict().items()}
            else:
                stale += 1
                if stale >= p.patience:
                    break
        progress.close()
        if best_state is not None:
            self.net.load_state_dict(best_state)
        elapsed = time.perf_counter() - started
        self.timing = {"train_seconds": round(elapsed, 1), "steps": steps,
                       "seconds_per_step": round(elapsed / max(steps, 1), 3), "epochs_run": len(history),
                       "best_valid_objective": best}
        return dict(self.timing)

    def validate(self, turns, sessions, valid_ids) -> dict[str, float]:
        out, scores = {}, {}
        for target in self.targets:
            # Every real corpus of the valid split picks the epoch (team-written sessions
            # never reach it); reading the first source only had left the shop chats out.
            frame = labelled_examples(target, turns, sessions, valid_ids)
            if frame.empty:
                continue
            part = turns[turns["session_id"].isin(frame["session_id"])]
            probs = self.predict_proba(part, [target.name])[target.name]
            key = ["session_id"] if target.level == "session" else TURN_KEY
            probs = frame[key].merge(probs, on=key, how="left")
            values = probs[list(target.classes)].to_numpy()
            truth = frame[target.label] if target.kind == "single" else frame[list(target.classes)].to_numpy()
            score = selection_macro_f1(target.classes, target.kind, truth, values)
            out[f"{target.name}.valid_macro_f1"] = float(score)
            scores[target.name] = score
        chosen = [scores[n] for n in self.params.selection_targets if n in scores] or list(scores.values())
        out["objective"] = float(np.mean(chosen)) if chosen else 0.0
        return out

    # -- inference
    @torch.inference_mode()
    def predict_proba(self, turns: pd.DataFrame, targets: list[str] | None = None,
                      batch_size: int | None = None, batch_tokens: int | None = None) -> dict[str, pd.DataFrame]:
        """A fixed `batch_size` wins; else batches of `batch_tokens` padded tokens; else eval_batch_size rows."""
        self.net.eval()
        wanted = [t for t in self.targets if targets is None or t.name in targets]
        out = {}
        for group in _groups(tuple(wanted)):
            if group.level == "session":
                encoded = self.inputs.sessions(turns)
                keys = pd.DataFrame({"session_id": list(encoded)})
                units = list(encoded.values())
            else:
                rows = turns[turns["role"].isin(group.roles)]
                keys = rows[TURN_KEY].reset_index(drop=True)
                units = self.inputs.turns(rows["text"].tolist())
            names = [t.name for t in group.targets]
            # Identical inputs ("好的", "谢谢", ...) are encoded once.
            first_seen: dict[tuple, int] = {}
            inverse = np.array([first_seen.setdefault(tuple(map(tuple, u)), len(first_seen)) for u in units],
                               dtype=np.int64)
            units = [list(map(list, u)) for u in first_seen]
            collected = {name: np.zeros((len(units), len(t.classes)), dtype=np.float32)
                         for name, t in zip(names, group.targets)}
            lengths = [sum(len(c) for c in u) for u in units]
            if batch_tokens and not batch_size:
                plan = token_batches(lengths, batch_tokens)
            else:
                plan = length_buckets(lengths, batch_size or self.params.eval_batch_size, random.Random(0), shuffle=False)
            # Inference is fp32 on an accelerator (the served runtimes and the figures are
            # fp32); bf16 autocast on the CPU only where the model or its runtime asks.
            precision = devices.precision(self.device, self.params.bf16) if self.device.type == "cpu" else None
            for batch_index in plan:
                batch = to_device(collate([units[i] for i in batch_index], self.tokenizer.pad_token_id), self.device)
                with devices.autocast(self.device, precision):
                    logits = self.net(batch, names)
                for target in group.targets:
                    values = logits[target.name].float()
                    probs = values.softmax(-1) if target.kind == "single" else values.sigmoid()
                    collected[target.name][batch_index] = probs.cpu().numpy()
            for target in group.targets:
                frame = pd.DataFrame(collected[target.name][inverse], columns=list(target.classes))
                out[target.name] = pd.concat([keys, frame], axis=1)
        return calibration.apply(out, self.targets, self.calibration)

    # -- persistence
    def save(self, directory: Path) -> None:
        directory = Path(directory)
        self.net.encoder.save_pretrained(directory / ENCODER_DIR, safe_serialization=True)
        self.tokenizer.save_pretrained(directory / ENCODER_DIR)
        save_file({k: v.detach().cpu().contiguous() for k, v in self.net.heads.state_dict().items()},
                  str(directory / HEADS_FILE))
        if self.net.mixer is not None:
            save_file({k: v.detach().cpu().contiguous() for k, v in self.net.mixer.state_dict().items()},
                      str(directory / MIXER_FILE))
        write_manifest(directory, self.kind, self.targets, params=dataclasses.asdict(self.params), timing=self.timing,
                       calibration=self.calibration, thresholds=self.thresholds)

    @classmethod
    def load(cls, directory: Path) -> "BertTriageModel":
        manifest = read_manifest(directory)
        params = BertParams(**{k: tuple(v) if isinstance(v, list) else v for k, v in manifest["params"].items()})
        # Where it was trained says nothing about where it is loaded: a model trained
        # with `device: cuda` must load on a CPU-only machine.
        params = dataclasses.replace(params, device="auto")
        model = cls(targets_from_manifest(manifest), params, Path(directory) / ENCODER_DIR)
        model.net.heads.load_state_dict(load_file(str(Path(directory) / HEADS_FILE), device=str(model.device)))
        if model.net.mixer is not None:
            model.net.mixer.load_state_dict(load_file(str(Path(directory) / MIXER_FILE), device=str(model.device)))
        model.calibration = manifest.get("calibration", {})  # absent in models trained before calibration
        model.thresholds = manifest.get("thresholds", {})  # absent: the configured thresholds
        model.net.eval()
        return model

