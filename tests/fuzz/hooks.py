"""Schemathesis hooks for the fuzz test, loaded by path (SCHEMATHESIS_HOOKS): one false positive
left out, described where it is."""

from typing import Any

import schemathesis

from psoas.practice.request import SEEDS


@schemathesis.hook
def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    """Keep every failure but a 'schema-valid request rejected' whose seed is past 2**63 - 1.

    The schema's bound is exact, but the generator compares a seed near it as a float, which cannot
    tell 9223372036854775999 from 2**63 - 1: the request it calls valid breaks the bound, and the
    422 naming the seed is the documented answer (tests/web/test_api_plans.py checks it).
    """
    seed = case.body.get("seed") if isinstance(case.body, dict) else None
    past_the_bound = isinstance(seed, int) and seed not in SEEDS
    return not (type(failure).__name__ == "RejectedPositiveData" and past_the_bound)
