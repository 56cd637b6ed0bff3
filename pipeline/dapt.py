"""Stage `dapt`: the encoder that fine-tuning starts from.

With `dapt.epochs: 0` (the default) it is the base encoder, handed on
unchanged. With `dapt.epochs >= 1` the base encoder's bottom `bert.layers`
layers continue masked-language-model training (domain-adaptive
pre-training, Gururangan et al. 2020) on in-domain text before `train`
fine-tunes them:

- the turns of the train split of `dapt.sources` (customer and agent; never a
  valid or test session, never a team-written evaluation set);
- up to `dapt.review_texts` reviews sampled from the `--reviews` CSV files
  (retail and delivery complaint language; `data.*_reviews_path`), cleaned with the same `clean_text` as
  every transcript, so no personal data reaches the weights.

The corpus goes through HF `datasets` and transformers' masked-LM collator
(80/10/10 masking). The base checkpoint carries no MLM head: a fresh one is
trained alongside, tied to the word embeddings, and dropped on save. The
prediction layer runs on the masked positions only, which makes a step
several times cheaper on CPU than scoring the whole vocabulary at every
position. A slice of the corpus is held back to report the masked-token loss
before (the new head fitted on the frozen base encoder, `dapt.head_steps`)
and after, so the metrics show whether the encoder adapted.
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import datasets
import pandas as pd
import torch
from tqdm import tqdm
from transformers import (AutoModel, AutoTokenizer, BertConfig, BertForMaskedLM, DataCollatorForLanguageModeling,
                          get_linear_schedule_with_warmup)

from pipeline.batching import length_buckets
from pipeline.io import InputError, read_split_ids, read_table, write_json
from pipeline.params import DaptParams, load_params
from pipeline.text import clean_text

HELD_BACK = 0.02  # share of the corpus kept out of training to measure the masked-token loss
HELD_BACK_MIN = 32  # texts: enough masked tokens for a loss on a tiny corpus


def in_domain_texts(turns: pd.DataFrame, train_ids: pd.Series, sources: tuple[str, ...]) -> list[str]:
    """Turns of train-split sessions of the given sources, in table order."""
    chosen = turns[turns["source"].isin(sources) & turns["session_id"].isin(set(train_ids))]
    return [t for t in chosen["text"].tolist() if t]


def review_texts(files: list[str], limit: int, seed: int) -> list[str]:
    """`limit` reviews sampled (seeded) from CSV files with a `review` column, cleaned."""
    frames = []
    for path in files:
        frame = pd.read_csv(path, encoding="utf-8-sig")
        if "review" not in frame.columns:
            raise InputError(f"{path}: no `review` column (columns: {list(frame.columns)})")
        frames.append(frame["review"].dropna().astype(str))
    if not frames or limit <= 0:
        return []
    reviews = pd.concat(frames, ignore_index=True)
    reviews = reviews.sample(n=min(limit, len(reviews)), random_state=seed)
    cleaned = [clean_text(text) for text in tqdm(reviews.tolist(), desc="dapt: clean reviews", mininterval=10)]
    return [text for text in cleaned if text]


class MaskedPositionsHead(torch.nn.Module):
    """Encoder plus MLM head; the head scores only the positions the collator masked."""

    def __init__(self, encoder, head):
        super().__init__()
        self.encoder, self.head = encoder, head

    def forward(self, input_ids, attention_mask, labels) -> tuple[torch.Tensor, int]:
        """Summed masked-token loss and the number of masked tokens."""
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        masked = labels != -100
        logits = self.head(hidden[masked])
        return torch.nn.functional.cross_entropy(logits, labels[masked], reduction="sum"), int(masked.sum())


def build(encoder_path: str | Path, layers: int) -> tuple[MaskedPositionsHead, BertForMaskedLM]:
    encoder = AutoModel.from_pretrained(str(encoder_path), add_pooling_layer=False)
    if not isinstance(encoder.config, BertConfig):
        raise InputError(f"{encoder_path}: dapt supports BERT encoders, got {type(encoder.config).__name__}")
    if layers < encoder.config.num_hidden_layers:
        # Fine-tuning keeps the bottom `bert.layers`; adapting the others would be wasted work.
        encoder.encoder.layer = encoder.encoder.layer[:layers]
        encoder.config.num_hidden_layers = layers
    mlm = BertForMaskedLM(encoder.config)
    mlm.bert = encoder
    mlm.tie_weights()  # decoder weights = the (adapted) word embeddings
    return MaskedPositionsHead(encoder, mlm.cls), mlm


@torch.no_grad()
def masked_loss(model: MaskedPositionsHead, batches: list[dict]) -> float:
    """Mean loss per masked token over the batches."""
    model.eval()
    total, count = 0.0, 0
    for batch in batches:
        loss, n = model(**batch)
        total, count = total + loss.item(), count + n
    model.train()
    return round(total / max(count, 1), 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--encoder", required=True, help="base encoder checkpoint directory")
    parser.add_argument("--turns", required=True)
    parser.add_argument("--split-dir", required=True)
    parser.add_argument("--reviews", nargs="*", default=[], help="CSV files with a `review` column")
    parser.add_argument("--out", required=True, help="encoder checkpoint directory for fine-tuning")
    parser.add_argument("--metrics-out", required=True)
    args = parser.parse_args()
    all_params = load_params(args.params)
    params: DaptParams = all_params.dapt
    out = Path(args.out)

    if params.epochs == 0:
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(args.encoder, out)
        write_json({"adapted": False, "epochs": 0}, args.metrics_out)
        print(f"dapt: epochs 0, {args.encoder} handed on unchanged as {out}")
        return

    torch.manual_seed(params.seed)
    torch.set_num_threads(params.threads)
    rng = random.Random(params.seed)
    turns = read_table(args.turns)
    texts = in_domain_texts(turns, read_split_ids(args.split_dir, "train"), params.sources)
    in_domain = len(texts)
    texts += review_texts(args.reviews, params.review_texts, params.seed)
    rng.shuffle(texts)

    tokenizer = AutoTokenizer.from_pretrained(args.encoder)
    corpus = datasets.Dataset.from_dict({"text": texts}).map(
        lambda rows: tokenizer(rows["text"], truncation=True, max_length=params.max_length),
        batched=True, remove_columns=["text"])
    token_ids = corpus["input_ids"]
    held = min(len(token_ids) // 2, max(HELD_BACK_MIN, int(len(token_ids) * HELD_BACK)))
    held_ids, train_ids = token_ids[:held], token_ids[held:]
    collator = DataCollatorForLanguageModeling(tokenizer, mlm_probability=params.mlm_probability)

    def batches(part: list[list[int]], shuffle: bool) -> Iterator[dict]:
        plan = length_buckets([len(ids) for ids in part], params.batch_size, rng, shuffle=shuffle)
        for index in plan:
            batch = collator([{"input_ids": part[i]} for i in index])
            yield {"input_ids": batch["input_ids"], "labels": batch["labels"],
                   "attention_mask": (batch["input_ids"] != tokenizer.pad_token_id).long()}

    model, mlm = build(args.encoder, all_params.bert.layers)
    # One fixed masking of the held-back slice, so every measurement reads the same tokens.
    held_batches = list(batches(held_ids, shuffle=False))
    steps_per_epoch = math.ceil(len(train_ids) / params.batch_size)
    started = time.perf_counter()

    def run(steps: int, trainable: list[torch.nn.Parameter], desc: str) -> list[float]:
        optimizer = torch.optim.AdamW(trainable, lr=params.learning_rate, weight_decay=0.01)
        scheduler = get_linear_schedule_with_warmup(optimizer, int(steps * params.warmup_ratio), steps)
        losses: list[float] = []
        model.train()
        with tqdm(total=steps, desc=desc, unit="step", mininterval=10) as progress:
            while len(losses) < steps:
                for batch in batches(train_ids, shuffle=True):
                    loss_sum, masked = model(**batch)
                    if not masked:  # a batch of very short texts may draw no mask
                        continue
                    loss = loss_sum / masked
                    loss.backward()
                    torch.nn.utils.clip_grad_norm_(trainable, 1.0)
                    optimizer.step()
                    scheduler.step()
                    optimizer.zero_grad()
                    losses.append(loss.item())
                    progress.update(1)
                    if len(losses) == steps:
                        break
        return losses

    # The base checkpoint has no MLM head. Fitting one to the frozen base encoder first
    # gives the honest "before": how well the unadapted encoder predicts masked tokens.
    encoder_params = {id(p) for p in model.encoder.parameters()}
    head_only = [p for p in model.parameters() if id(p) not in encoder_params]
    run(params.head_steps, head_only, "dapt: head on the frozen base encoder")
    loss_before = masked_loss(model, held_batches)
    running = run(steps_per_epoch * params.epochs, list(model.parameters()), "dapt")
    elapsed = time.perf_counter() - started
    loss_after = masked_loss(model, held_batches)
    total = params.head_steps + len(running)

    if out.exists():
        shutil.rmtree(out)
    mlm.bert.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    report = {
        "adapted": True, "epochs": params.epochs, "layers": all_params.bert.layers,
        "texts_in_domain": in_domain, "texts_reviews": len(texts) - in_domain,
        "texts_held_back": held, "steps": total, "train_seconds": round(elapsed, 1),
        "seconds_per_step": round(elapsed / max(total, 1), 3),
        "head_steps": params.head_steps, "held_back_masked_loss_before": loss_before, "held_back_masked_loss_after": loss_after,
        "held_back_perplexity_before": round(math.exp(loss_before), 2),
        "held_back_perplexity_after": round(math.exp(loss_after), 2),
        "train_loss_last_100_steps": round(sum(running[-100:]) / max(len(running[-100:]), 1), 4),
    }
    write_json(report, args.metrics_out)
    print("dapt:", report)


if __name__ == "__main__":
    main()
