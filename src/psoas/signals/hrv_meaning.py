"""What each heart figure means, in plain words, and today's RMSSD against the person's own usual
range: variability differs so much between people that only one's own earlier recordings, taken
the same way, are a fair comparison.

The range follows the practice of HRV apps built on research in athletes (a rolling mean of the
natural log of RMSSD, with one standard deviation either side): the log, because RMSSD is skewed;
a person's own recordings, because between-person differences dwarf day-to-day change.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Each figure as a person reads it beside its number. Sources: the 1996 Task Force of the European
# Society of Cardiology and the North American Society of Pacing and Electrophysiology (the
# measures and bands), and Shaffer and Ginsberg's 2017 overview of HRV metrics and norms.
MEANINGS: dict[str, str] = {
    "mean_hr_bpm": "The average of the clean beats, in beats a minute.",
    "rmssd_ms": (
        "How much the gap between one heartbeat and the next changes from beat to beat. It mostly "
        "shows the vagus nerve's quick braking of the heart, part of the body's resting side. "
        "Higher at rest often goes with feeling rested, but it differs a lot between people and "
        "from day to day (breathing, posture, sleep, alcohol, illness, the time of day), so compare "
        "it only with your own recordings taken the same way."
    ),
    "sdnn_ms": (
        "How widely all the gaps between beats spread over the recording: variability from every "
        "source, slow swings included. It grows with the length of the recording, so compare it "
        "only between recordings of about the same length."
    ),
    "pnn50": (
        "The share of beats whose gap differs from the one before by more than 50 ms; a rougher "
        "measure of the same beat-to-beat change as RMSSD."
    ),
    "lf_ms2": (
        "Variability in slow waves of about 2 to 9 a minute (0.04 to 0.15 Hz). Blood-pressure "
        "control feeds it, and so does breathing slower than about 9 breaths a minute, as in paced "
        "breathing. It is not a measure of stress or of the 'fight or flight' side alone, whatever "
        "some apps say."
    ),
    "hf_ms2": (
        "Variability at breathing speed (0.15 to 0.4 Hz, about 9 to 24 breaths a minute): the heart "
        "speeding up a little on the in-breath and slowing on the out-breath, carried by the vagus "
        "nerve. Breathing slower than that moves this rhythm into LF."
    ),
}

# Recordings before today's that a range needs, and how many of the most recent it uses.
LEAST_FOR_RANGE = 5
MOST_FOR_RANGE = 10
CAVEAT = (
    "Compare like with like: the same time of day, position and device, and a few quiet minutes "
    "first. A single reading outside your range is common and is not a verdict on your health or "
    "your practice; a run of them, with how you feel, says more."
)


@dataclass(frozen=True)
class UsualRange:
    """Today's RMSSD against the person's own earlier recordings."""

    today_ms: float
    low_ms: float
    middle_ms: float
    high_ms: float
    recordings: int  # how many earlier recordings the range is made of

    @property
    def where(self) -> str:
        """'below', 'within' or 'above' the usual range."""
        if self.today_ms < self.low_ms:
            return "below"
        if self.today_ms > self.high_ms:
            return "above"
        return "within"


def usual_range(today_ms: float, earlier_ms: Sequence[float]) -> UsualRange | None:
    """The usual range from the most recent earlier RMSSDs (newest last), or None with too few."""
    earlier = [v for v in earlier_ms if v > 0][-MOST_FOR_RANGE:]
    if today_ms <= 0 or len(earlier) < LEAST_FOR_RANGE:
        return None
    logs = [math.log(v) for v in earlier]
    mean = sum(logs) / len(logs)
    spread = math.sqrt(sum((x - mean) ** 2 for x in logs) / (len(logs) - 1))
    return UsualRange(
        today_ms=today_ms,
        low_ms=math.exp(mean - spread),
        middle_ms=math.exp(mean),
        high_ms=math.exp(mean + spread),
        recordings=len(earlier),
    )
