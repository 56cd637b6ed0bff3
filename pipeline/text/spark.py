"""`clean_text` on Spark: a pandas UDF that runs the same function on every executor.

For corpora beyond one machine (a year of transcripts): the cleaning is the
project's `clean_text`, applied to Arrow batches of a string column, so a turn
cleaned on a cluster is byte-identical to the same turn cleaned by the `clean`
stage or the scorer. jieba's dictionary loads once per executor process.

```python
from pipeline.text.spark import clean_text_udf
turns = turns.withColumn("text", clean_text_udf()("text"))
```

pyspark is an optional extra (`pip install -e '.[spark]'`); importing this
module without it is fine, calling `clean_text_udf` is not.
"""

from __future__ import annotations

import pandas as pd

from pipeline.text.cleaning import clean_text


def clean_series(texts: pd.Series) -> pd.Series:
    """`clean_text` per value; a null stays null (Spark's missing text)."""
    return texts.map(lambda text: clean_text(text) if isinstance(text, str) else None)


def clean_text_udf():
    """The pandas UDF (string column → string column) to use in `withColumn` / `select`."""
    from pyspark.sql.functions import pandas_udf

    return pandas_udf(clean_series, "string")
