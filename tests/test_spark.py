"""The registered model as a Spark UDF: the distributed path, same code, same results."""

import json

import mlflow
import pandas as pd
import pytest

from pipeline.params import load_params

from conftest import JDDC, ROOT

PARAMS = load_params(ROOT / "params.yaml")
URI = f"models:/{PARAMS.register.model_name}@champion"


def session_rows(n=12) -> pd.DataFrame:
    turns = {}
    for line in JDDC.read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        if f[0] not in turns and len(turns) == n:
            break
        turns.setdefault(f[0], []).append({"role": "customer" if f[2] == "0" else "agent", "text": f[6]})
    return pd.DataFrame({"session_id": list(turns), "turns": [json.dumps(t, ensure_ascii=False) for t in turns.values()]})


def test_session_rows_input_is_row_aligned(registry):
    model = mlflow.pyfunc.load_model(URI)
    rows = session_rows()
    rows.loc[3, "turns"] = "not json"
    out = model.predict(rows)
    assert out["session_id"].tolist() == rows["session_id"].tolist()
    assert out.loc[3, "status"].startswith("error:")
    assert (out.drop(index=3)["status"] == "ok").all()
    # A batch in which no session could be scored still has string label columns (Spark needs them).
    only_bad = model.predict(rows.iloc[[3]])
    assert only_bad["status"].item().startswith("error:")
    assert only_bad["legitimacy"].dtype == object and only_bad["emotion_peak"].dtype == object


@pytest.mark.slow
def test_spark_udf_matches_local_predictions(registry):
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession
    from pyspark.sql.functions import struct

    spark = (SparkSession.builder.master("local[2]").appName("complaint-triage-test")
             .config("spark.ui.enabled", "false").config("spark.sql.execution.pyspark.udf.simplifiedTraceback.enabled", "false").getOrCreate())
    try:
        rows = session_rows()
        rows.loc[3, "turns"] = "not json"
        udf = mlflow.pyfunc.spark_udf(spark, URI, env_manager="local",
                                      result_type="legitimacy string, emotion_peak string, status string")
        # One named struct column: unnamed columns would be matched to the signature by position.
        frame = spark.createDataFrame(rows).repartition(4)
        scored = frame.withColumn("prediction", udf(struct("session_id", "turns"))).select(
            "session_id", "prediction.legitimacy", "prediction.emotion_peak", "prediction.status").toPandas()
        local = mlflow.pyfunc.load_model(URI).predict(rows)
        merged = scored.merge(local, on="session_id", suffixes=("_spark", "_local"))
        assert len(merged) == len(rows)
        assert merged["status_spark"].tolist() == merged["status_local"].tolist()
        assert merged.loc[merged["session_id"] == rows.loc[3, "session_id"], "status_spark"].item().startswith("error:")
        ok = merged[merged["status_local"] == "ok"]
        assert len(ok) == len(rows) - 1
        assert (ok["legitimacy_spark"] == ok["legitimacy_local"]).all()
        assert (ok["emotion_peak_spark"] == ok["emotion_peak_local"]).all()
    finally:
        spark.stop()


@pytest.mark.slow
def test_cleaning_on_spark_equals_clean_text_row_by_row(tmp_path):
    """Real turns of both corpora plus every PII case, cleaned by the Spark UDF on two
    local executors, are byte-identical to `clean_text` on the same rows."""
    from pyspark.sql import SparkSession

    from pipeline.sources import read_jddc, read_shop
    from pipeline.text import clean_text
    from pipeline.text.spark import clean_text_udf

    texts = read_jddc(JDDC, max_sessions=400)["text"].tolist()
    texts += read_shop(ROOT / PARAMS.data.shop_dir, ["dev.json"], max_sessions=200)["text"].tolist()
    for name in ("dev_a", "held_out"):
        cases = (ROOT / "tests/data/pii" / name / "pii_cases.jsonl").read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in cases if line.strip()]
    rows = pd.DataFrame({"row": range(len(texts) + 1), "text": texts + [None]})
    spark = (SparkSession.builder.master("local[2]").appName("clean-udf-test")
             .config("spark.sql.execution.arrow.pyspark.enabled", "true").getOrCreate())
    try:
        cleaned = (spark.createDataFrame(rows).repartition(4).withColumn("clean", clean_text_udf()("text"))
                   .select("row", "clean").toPandas().set_index("row").sort_index())
    finally:
        spark.stop()
    assert len(cleaned) == len(rows)
    expected = [clean_text(t) for t in texts]
    mismatches = [(i, cleaned.loc[i, "clean"], e) for i, e in enumerate(expected) if cleaned.loc[i, "clean"] != e]
    assert not mismatches, mismatches[:3]
    assert pd.isna(cleaned.loc[len(texts), "clean"])  # a null text stays null, no failed task
    assert sum("[PHONE]" in c for c in expected if c) > 50  # the planted cases were masked
