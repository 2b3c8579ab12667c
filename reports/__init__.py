"""Reports made from a run's results: the summary, the traceability matrix, the kill table."""
