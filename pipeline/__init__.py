"""Complaint triage pipeline: DVC stages and the shared code they use."""
