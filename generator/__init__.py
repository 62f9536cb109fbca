"""takehome: start ML-infrastructure take-home assignments from copier templates."""
