"""How fast the planner composes sessions and programs.

No other library plans TRE and yoga sessions, so the figures stand alone: plans per second for
short, typical and long requests, and the time for a 12-week program. Run with `make bench`.
"""

import time
from collections.abc import Callable

from psoas.practice.library import default_library, load_library
from psoas.practice.planner import plan
from psoas.practice.program import program
from psoas.practice.request import make_request


def rate(work: Callable[[int], object], seconds: float = 1.0) -> tuple[int, float]:
    """Run `work(i)` for about `seconds`; return how many runs and the mean milliseconds each."""
    count = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        work(count)
        count += 1
    elapsed = time.perf_counter() - start
    return count, elapsed * 1000 / count


def main() -> None:
    start = time.perf_counter()
    load_library()
    print(f"load and validate the library: {(time.perf_counter() - start) * 1000:.1f} ms")
    library = default_library()
    cases = {
        "10 min, beginner": {"minutes": 10},
        "45 min, hips, pillow+block": {"minutes": 45, "focus": ["hips"], "props": ["pillow", "block"]},
        "120 min, experienced": {"minutes": 120, "level": "experienced"},
        "45 min, pregnancy + knee injury": {"minutes": 45, "conditions": ["pregnancy", "knee-injury"]},
    }
    print(f"{'request':36} {'plans/s':>9} {'ms/plan':>9}")
    for label, arguments in cases.items():
        count, each = rate(lambda i, a=arguments: plan(make_request(library, seed=i, **a)))  # type: ignore[arg-type, misc]
        print(f"{label:36} {count:>9,} {each:>9.2f}")
    request = make_request(library, minutes=45, seed=1)
    count, each = rate(lambda i: program(12, 3, request), seconds=2.0)
    print(f"{'12-week program, 3 a week (36 plans)':36} {count:>9,} {each:>9.2f}")


if __name__ == "__main__":
    main()
