"""Hypothesis settings of the property tests: the same examples on every run, so CI does
not flake, and none saved to disk."""

from hypothesis import HealthCheck, settings


def examples(count: int) -> settings:
    return settings(max_examples=count, derandomize=True, database=None)


def database_examples(count: int = 25) -> settings:
    """For properties that write to the database: no deadline per example, and a
    function-scoped fixture (the tree, a plan) shared by every example on purpose."""
    return settings(
        examples(count),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
