"""The batch report: a self-contained HTML page, the same figures as JSON, and
MLflow metrics when a run is active."""

from __future__ import annotations

import base64
import html
import io
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from pipeline.labels import EMOTION_INTENSITY  # noqa: E402
from pipeline.reporting.drift import compare  # noqa: E402

def deescalation(sessions: pd.DataFrame, group: str, flags: tuple[str, ...]) -> pd.DataFrame:
    """Per agent, queue or source file: how many customers ended calmer than their
    peak, and how many ended angrier than they started (the seeds' bottom line)."""
    ok = sessions[(sessions["status"] == "ok") & sessions["emotion_end"].notna()].copy()
    rank = lambda column: ok[column].map(EMOTION_INTENSITY)  # noqa: E731
    ok["calmer"] = rank("emotion_end") < rank("emotion_peak")
    ok["angrier"] = rank("emotion_end") > rank("emotion_start")
    present = [f for f in flags if f in ok]
    ok["flagged"] = ok[present].fillna(False).astype(bool).any(axis=1) if present else False
    table = ok.groupby(ok[group].fillna("(none)").astype(str)).agg(
        sessions=("session_id", "size"), ended_calmer_than_peak=("calmer", "mean"),
        ended_angrier_than_start=("angrier", "mean"), sessions_flagged=("flagged", "sum"))
    return table.reset_index().rename(columns={group: "group"}).sort_values("sessions", ascending=False)


def figures(sessions: pd.DataFrame, batch: dict, reference: dict | None, classes: dict[str, tuple[str, ...]],
            flags: tuple[str, ...], review_class: str, groups: list[str], checks: list[dict]) -> dict:
    ok = sessions[sessions["status"] == "ok"]
    emotions = list(classes.get("emotion_peak", ()))
    transitions = pd.crosstab(ok["emotion_peak"], ok["emotion_end"]).reindex(index=emotions, columns=emotions,
                                                                              fill_value=0)
    status = sessions["status"].fillna("error: none").value_counts()
    review = {
        "errors (handled by hand)": int((sessions["status"] != "ok").sum()),
        f"{review_class} (to a senior person, never refused service)": int((ok["legitimacy"] == review_class).sum()),
        "safety (urgent queue)": int(ok["safety"].fillna(False).astype(bool).sum()) if "safety" in ok else 0,
    }
    if "legitimacy_review" in ok:  # versions registered before abstention have no such column
        review["legitimacy unsure (a person decides it)"] = int(ok["legitimacy_review"].fillna(False).astype(bool).sum())
    return {
        "sessions": int(len(sessions)),
        "sessions_ok": int(len(ok)),
        "legitimacy": batch["predicted"].get("legitimacy", {}),
        "reference_legitimacy": (reference or {}).get("predicted", {}).get("legitimacy"),
        "emotion_transitions": {"labels": emotions, "counts": transitions.to_numpy().tolist()},
        "flags": {f: float(ok[f].fillna(False).astype(bool).mean()) if f in ok and len(ok) else 0.0 for f in flags},
        "status": {k: int(v) for k, v in status.items()},
        "review": review,
        "drift": checks,
        "drift_warning": any(c["drift"] for c in checks),
        "deescalation": {group: deescalation(sessions, group, flags).to_dict(orient="records") for group in groups},
        "text": batch["text"],
        "reference_text": (reference or {}).get("text"),
    }


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _plots(report: dict) -> dict[str, str]:
    plt.rcParams["font.sans-serif"] = ["DejaVu Sans"]
    out = {}
    classes = list(report["legitimacy"])
    fig, ax = plt.subplots(figsize=(6, 3))
    x = np.arange(len(classes))
    ax.bar(x - 0.2, [report["legitimacy"][c] for c in classes], 0.4, label="this batch")
    if report["reference_legitimacy"]:
        ax.bar(x + 0.2, [report["reference_legitimacy"].get(c, 0) for c in classes], 0.4, label="training data")
    ax.set_xticks(x, classes, rotation=20)
    ax.set_ylabel("share of sessions")
    ax.legend()
    ax.set_title("Complaint legitimacy")
    out["legitimacy"] = _png(fig)

    labels = report["emotion_transitions"]["labels"]
    counts = np.array(report["emotion_transitions"]["counts"], dtype=float)
    fig, ax = plt.subplots(figsize=(5, 4))
    ax.imshow(counts, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=30)
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("emotion at the end")
    ax.set_ylabel("peak emotion")
    for i in range(len(labels)):
        for j in range(len(labels)):
            ax.text(j, i, int(counts[i, j]), ha="center", va="center",
                    color="white" if counts[i, j] > counts.max() / 2 else "black")
    ax.set_title("Peak → end (sessions)")
    out["transitions"] = _png(fig)

    fig, ax = plt.subplots(figsize=(6, 2.8))
    flags = list(report["flags"])
    ax.barh(flags, [report["flags"][f] for f in flags])
    ax.set_xlim(0, max(0.05, *report["flags"].values()) * 1.1 if flags else 1)
    ax.set_xlabel("share of sessions")
    ax.set_title("Risk flags")
    out["flags"] = _png(fig)

    text, ref = report["text"], report["reference_text"]
    edges = text["length_edges"]
    names = [f"{int(a)}–{int(b) - 1}" for a, b in zip(edges[:-1], edges[1:])] + [f"≥{int(edges[-1])}"]
    fig, ax = plt.subplots(figsize=(6, 3))
    x = np.arange(len(names))
    ax.bar(x - 0.2, text["length"], 0.4, label="this batch")
    if ref:
        ax.bar(x + 0.2, ref["length"], 0.4, label="training data")
    ax.set_xticks(x, names, rotation=20)
    ax.set_xlabel("characters per customer turn (cleaned)")
    ax.legend()
    ax.set_title("Customer turn length")
    out["length"] = _png(fig)
    return out


def _table(rows: list[dict], percent: tuple[str, ...] = ()) -> str:
    if not rows:
        return "<p>none</p>"
    head = "".join(f"<th>{html.escape(str(k))}</th>" for k in rows[0])
    body = ""
    for row in rows:
        cells = []
        for key, value in row.items():
            if key in percent and isinstance(value, float):
                value = f"{value:.1%}"
            elif isinstance(value, float):
                value = f"{value:.4f}"
            elif isinstance(value, (dict, list)):
                value = json.dumps(value, ensure_ascii=False)[:120]
            cells.append(f"<td>{html.escape(str(value))}</td>")
        body += "<tr>" + "".join(cells) + "</tr>"
    return f"<table><tr>{head}</tr>{body}</table>"


def render(report: dict, title: str) -> str:
    plots = _plots(report)
    warning = ""
    if report["drift_warning"]:
        crossed = ", ".join(c["statistic"] for c in report["drift"] if c["drift"])
        warning = (f'<p class="warn">Drift warning: this batch differs from the training data in {html.escape(crossed)} '
                   "(population stability index above the threshold). Check the figures before trusting them.</p>")
    elif not report["drift"]:
        warning = '<p class="warn">No reference profile stored with this model version: drift not checked.</p>'
    drift_rows = [{k: c[k] for k in ("statistic", "psi", "threshold", "drift")} for c in report["drift"]]
    deescalation_tables = "".join(
        f"<h2>De-escalation by {html.escape(group)}</h2>"
        "<p>Share of customers who ended calmer than their peak, and who ended angrier than they started.</p>"
        + _table(rows, percent=("ended_calmer_than_peak", "ended_angrier_than_start"))
        for group, rows in report["deescalation"].items())
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font-family: sans-serif; margin: 2em; max-width: 1100px; color: #222; }}
table {{ border-collapse: collapse; margin: 0.5em 0 1.5em; }}
td, th {{ border: 1px solid #ccc; padding: 4px 8px; text-align: left; }}
th {{ background: #f0f0f0; }} .warn {{ background: #fff3cd; border: 1px solid #e0b000; padding: 0.6em; }}
.grid {{ display: flex; flex-wrap: wrap; gap: 1em; }} img {{ max-width: 520px; }}
</style></head><body>
<h1>{html.escape(title)}</h1>
<p>{report['sessions']} sessions, {report['sessions_ok']} scored, {report['sessions'] - report['sessions_ok']} with an error status.</p>
{warning}
<div class="grid">
<img alt="legitimacy" src="{plots['legitimacy']}"><img alt="peak to end" src="{plots['transitions']}">
<img alt="risk flags" src="{plots['flags']}"><img alt="turn length" src="{plots['length']}">
</div>
<h2>Routed to review</h2>{_table([{"route": k, "sessions": v} for k, v in report['review'].items()])}
<h2>Status</h2>{_table([{"status": k, "sessions": v} for k, v in report['status'].items()])}
{deescalation_tables}
<h2>Drift against the training data</h2>
<p>Population stability index per statistic; above {report['drift'][0]['threshold'] if report['drift'] else '-'} counts as drift.</p>
{_table(drift_rows)}
</body></html>
"""


def write(report: dict, out: Path, title: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(report, title), encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(report, ensure_ascii=False, indent=1, default=float),
                                        encoding="utf-8")


def metrics(report: dict) -> dict[str, float]:
    """Flat numeric figures for MLflow."""
    out = {"report.sessions": report["sessions"], "report.sessions_ok": report["sessions_ok"],
           "report.drift_warning": float(report["drift_warning"])}
    out |= {f"report.legitimacy.{k}": v for k, v in report["legitimacy"].items()}
    out |= {f"report.flags.{k}": v for k, v in report["flags"].items()}
    out |= {f"report.drift.{c['statistic'].replace(' ', '_')}": c["psi"] for c in report["drift"]}
    return out


def build(sessions: pd.DataFrame, batch: dict, reference: dict | None, classes, flags, review_class: str,
          groups: list[str], threshold: float) -> dict:
    checks = compare(reference, batch, threshold) if reference else []
    return figures(sessions, batch, reference, classes, flags, review_class, groups, checks)
