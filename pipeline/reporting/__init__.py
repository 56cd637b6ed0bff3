"""What a scoring run tells its users: the batch report and its drift check.

- `profile`: the statistics of a batch of transcripts and its predictions, and
  the reference profile of the training data that `register` stores with each
  model version
- `drift`: population stability index of each statistic against the reference
- `page`: the self-contained HTML page, its JSON twin, and MLflow metrics
"""
