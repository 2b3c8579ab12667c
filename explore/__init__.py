"""Exploration: seeded, shrinking search of action sequences judged by the specification."""
