"""Training batches of similar length: less padding per step (BERT fine-tuning and DAPT)."""

from __future__ import annotations

import random


def length_buckets(lengths: list[int], batch_size: int, rng: random.Random, shuffle: bool) -> list[list[int]]:
    """Batches of similar length (less padding); batch order shuffled for training."""
    order = list(range(len(lengths)))
    if shuffle:
        rng.shuffle(order)
    mega = batch_size * 50
    batches = []
    for start in range(0, len(order), mega):
        block = sorted(order[start:start + mega], key=lambda i: lengths[i])
        batches += [block[i:i + batch_size] for i in range(0, len(block), batch_size)]
    if shuffle:
        rng.shuffle(batches)
    return batches
