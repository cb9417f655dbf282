"""Tremor from a phone's accelerometer: episodes, frequency, strength, and movement told apart.

The signal is cut into 2-second frames every half second. In each frame the three axes' power
spectra are summed, which gives the same answer however the phone lies or turns. A frame is
*tremor* when the 3-15 Hz band holds a clear rhythmic peak (most of its power near one frequency),
enough energy to be more than sensor noise, and the peak is not a harmonic of a slower movement (a
tapped heel's jolts ring at twice and three times its rate). It is *movement* otherwise when slow
acceleration (0.3-3 Hz) or a turn of the phone against gravity is large, as when someone shifts
position or stands up; a very clear tremor peak still counts while the body sways, since TRE tremor
often comes with the pelvis rocking. Neighbouring tremor frames form episodes; very short ones are
dropped and short gaps bridged.
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from psoas.signals.recording import Floats, Motion
from psoas.signals.spectra import bandpass, framed, peak_frequency, power_spectra, rhythm_shares

TREMOR_BAND = (3.0, 15.0)  # Hz; slower than 3 Hz is hard to tell from voluntary movement
# The strength of an episode is measured through a wider filter, so that a tremor near the band's
# lower edge is not under-read by the filter's roll-off.
STRENGTH_BAND = (2.0, 20.0)
MOVEMENT_BAND = (0.3, 3.0)
FRAME_S, HOP_S = 2.0, 0.5
TREMOR_RMS = 0.05  # m/s²: a phone lying still reads well under this in the tremor band
RHYTHM = 0.5  # share of tremor-band power within 1 Hz of its peak
MOVEMENT_RMS = 0.8  # m/s² of slow acceleration
TURN_DEG_PER_S = 20.0  # the phone turning against gravity faster than this is a change of position
# A clear tremor peak: most of the band's power within 1 Hz of it. Such a frame is tremor even while
# slow acceleration is above MOVEMENT_RMS, as when the pelvis rocks during TRE tremor.
CLEAR_RHYTHM = 0.7
# A tremor-band peak within this of the 2nd, 3rd or 4th multiple of a slow rhythm (0.5-3 Hz) whose
# own peak holds at least half its power is that rhythm's harmonic, not tremor.
FUNDAMENTAL_BAND = (0.5, 3.0)
HARMONIC_TOLERANCE_HZ = 0.25  # a bin of the padded 2 s spectrum
FUNDAMENTAL_SHARE = 0.5
HIGHEST_HARMONIC = 4
COMB_SHARE = 0.1  # of the peak's power, at the harmonic below it, for a 3rd or 4th harmonic
BRIDGE_S = 2.0  # tremor frames this close together belong to one episode
SHORTEST_S = 3.0  # an episode shorter than this is not reported


@dataclass(frozen=True)
class Episode:
    """A stretch of continuous tremor."""

    start_s: float
    end_s: float
    frequency_hz: float
    rms: float  # m/s², tremor band, all three axes together


@dataclass(frozen=True)
class Span:
    """A stretch of time, e.g. of voluntary movement."""

    start_s: float
    end_s: float


@dataclass(frozen=True)
class MinuteOfTremor:
    """How one minute of the recording went."""

    minute: int
    tremor_s: float
    movement_s: float
    rms: float | None  # mean tremor-band RMS while tremoring, None when there was no tremor


@dataclass(frozen=True)
class Tremor:
    """Everything the tremor analysis found in one recording."""

    duration_s: float
    episodes: tuple[Episode, ...]
    movement: tuple[Span, ...]
    tremor_fraction: float
    dominant_frequency_hz: float | None
    timeline: tuple[MinuteOfTremor, ...]
    spectrum: tuple[Floats, Floats]  # frequencies and mean power over tremor frames, for plots


# Below this a frame's mean is no gravity to steer by: the file holds acceleration without gravity
# (Sensor Logger's Accelerometer.csv, phyphox's Linear Acceleration), whose mean points anywhere.
GRAVITY_PRESENT = 5.0  # m/s²


def _turn_rate(frames: Floats, hop_s: float) -> Floats:
    """Degrees per second that the gravity direction (each frame's mean) turns between frames;
    zero where the recording carries no gravity."""
    gravity = frames.mean(axis=1)
    norms = np.linalg.norm(gravity, axis=1, keepdims=True)
    direction = gravity / np.maximum(norms, 1e-9)
    cosine = np.clip(np.sum(direction[1:] * direction[:-1], axis=1), -1, 1)
    turn = np.degrees(np.arccos(cosine)) / hop_s
    steady = (norms[1:, 0] >= GRAVITY_PRESENT) & (norms[:-1, 0] >= GRAVITY_PRESENT)
    turn = np.where(steady, turn, 0.0)
    return np.concatenate([[0.0], turn]) if len(turn) else np.zeros(len(frames))


def _peak_frequencies(frequencies: Floats, power: Floats, low: float, high: float) -> tuple[Floats, Floats]:
    """Per frame, the frequency of the highest bin within [low, high], refined by a parabola through
    it and its neighbours, and that bin's power."""
    inside = np.flatnonzero((frequencies >= low) & (frequencies <= high))
    band = power[:, inside]
    top = np.argmax(band, axis=1)
    rows = np.arange(len(band))
    left = band[rows, np.maximum(top - 1, 0)]
    centre = band[rows, top]
    right = band[rows, np.minimum(top + 1, band.shape[1] - 1)]
    bend = left - 2 * centre + right
    shift = np.where(bend < 0, 0.5 * (left - right) / np.where(bend < 0, bend, -1.0), 0.0)
    step = float(frequencies[1] - frequencies[0])
    return frequencies[inside][top] + shift * step, centre


def _harmonic(frequencies: Floats, power: Floats, low: float, high: float) -> NDArray[np.bool_]:
    """Per frame, whether the tremor band's peak belongs to a slower, stronger rhythm: its 2nd to 4th
    harmonic (a heel tapped at 2 Hz jolts the phone at 4 and 6 Hz too), or the skirt of a rhythm just
    below the band."""
    fundamental, fundamental_power = _peak_frequencies(frequencies, power, *FUNDAMENTAL_BAND)
    peak, peak_power = _peak_frequencies(frequencies, power, low, high)
    order = np.round(peak / fundamental)
    locked = np.abs(peak - order * fundamental) <= HARMONIC_TOLERANCE_HZ
    strong = fundamental_power >= FUNDAMENTAL_SHARE * peak_power
    # A movement that rings at its 3rd or 4th harmonic rings at the one below too; a tremor that
    # merely lies near 3 or 4 times a rocking rhythm leaves the frequencies between them empty.
    step = float(frequencies[1] - frequencies[0])
    below = np.clip(np.round((order - 1) * fundamental / step).astype(int), 0, len(frequencies) - 1)
    ringing = (order < 3) | (power[np.arange(len(power)), below] >= COMB_SHARE * peak_power)
    harmonic = locked & strong & ringing & (order >= 2) & (order <= HIGHEST_HARMONIC)
    # A "peak" on the band's lowest bin, with more power just below, is a slower rhythm's skirt.
    first = int(np.argmax(frequencies >= low))
    skirt = (np.abs(peak - frequencies[first]) <= step) & (power[:, max(first - 1, 0)] > peak_power)
    return np.asarray(harmonic | skirt)


def _runs(flags: Floats, centres: Floats, bridge_s: float, shortest_s: float) -> list[Span]:
    """Spans where flags are set, frames HOP_S apart, gaps under `bridge_s` bridged."""
    spans: list[Span] = []
    for index in np.flatnonzero(flags):
        start, end = centres[index] - HOP_S / 2, centres[index] + HOP_S / 2
        if spans and start - spans[-1].end_s <= bridge_s:
            spans[-1] = Span(spans[-1].start_s, end)
        else:
            spans.append(Span(start, end))
    return [span for span in spans if span.end_s - span.start_s >= shortest_s]


def analyse_tremor(motion: Motion) -> Tremor:
    """Tremor episodes, movement, fraction of time tremoring and a per-minute timeline."""
    fs = motion.fs
    frames, centres = framed(motion.xyz, fs, FRAME_S, HOP_S)
    frequencies, power = power_spectra(frames, fs, padding=2)
    low, high = TREMOR_BAND[0], min(TREMOR_BAND[1], 0.45 * fs)
    in_band = (frequencies >= low) & (frequencies <= high)
    band_rms = np.sqrt(power[:, in_band].sum(axis=1))
    slow = (frequencies >= MOVEMENT_BAND[0]) & (frequencies < MOVEMENT_BAND[1])
    slow_rms = np.sqrt(power[:, slow].sum(axis=1))
    rhythm = rhythm_shares(frequencies, power, low, high, 1.0)
    turning = _turn_rate(frames, HOP_S) > TURN_DEG_PER_S
    swaying = slow_rms > MOVEMENT_RMS
    rhythmic = (band_rms > TREMOR_RMS) & (rhythm > RHYTHM) & ~_harmonic(frequencies, power, low, high)
    # A tremor peak clear enough still counts while the body sways or rocks; a turn of the phone
    # (rolling over, sitting up) always stops it.
    tremoring = rhythmic & ~turning & (~swaying | (rhythm >= CLEAR_RHYTHM))
    spans = _runs(tremoring, centres, BRIDGE_S, SHORTEST_S)
    movement = tuple(_runs((swaying | turning) & ~tremoring, centres, HOP_S, HOP_S))
    filtered = bandpass(motion.xyz, fs, *STRENGTH_BAND)
    running = np.concatenate([[0.0], np.cumsum(np.sum(filtered**2, axis=1))])
    episodes = tuple(_episode(span, frequencies, power, centres, running, fs, low, high) for span in spans)
    duration = motion.duration_s
    tremor_seconds = sum(e.end_s - e.start_s for e in episodes)
    mean_power = power[tremoring].mean(axis=0) if np.any(tremoring) else np.zeros(len(frequencies))
    return Tremor(
        duration_s=duration,
        episodes=episodes,
        movement=movement,
        tremor_fraction=tremor_seconds / duration if duration else 0.0,
        dominant_frequency_hz=_dominant(episodes),
        timeline=_timeline(episodes, movement, duration),
        spectrum=(frequencies[in_band], mean_power[in_band]),
    )


def _episode(
    span: Span,
    frequencies: Floats,
    power: Floats,
    centres: Floats,
    running: Floats,
    fs: float,
    low: float,
    high: float,
) -> Episode:
    inside = (centres >= span.start_s) & (centres <= span.end_s)
    frequency, _ = peak_frequency(frequencies, power[inside].mean(axis=0), low, high, 1.0)
    first, last = int(span.start_s * fs), min(int(span.end_s * fs), len(running) - 1)
    rms = float(np.sqrt((running[last] - running[first]) / max(1, last - first)))
    return Episode(round(span.start_s, 2), round(span.end_s, 2), round(frequency, 2), round(rms, 4))


def _dominant(episodes: tuple[Episode, ...]) -> float | None:
    """The frequency most of the tremor time was spent at: the duration-weighted median."""
    if not episodes:
        return None
    order = sorted(episodes, key=lambda e: e.frequency_hz)
    weights = np.array([e.end_s - e.start_s for e in order])
    middle = int(np.searchsorted(np.cumsum(weights), weights.sum() / 2))
    return order[min(middle, len(order) - 1)].frequency_hz


def _overlap(spans: tuple[Episode, ...] | tuple[Span, ...], start: float, end: float) -> float:
    return sum(max(0.0, min(end, s.end_s) - max(start, s.start_s)) for s in spans)


def _timeline(
    episodes: tuple[Episode, ...], movement: tuple[Span, ...], duration: float
) -> tuple[MinuteOfTremor, ...]:
    minutes = []
    for minute in range(int(np.ceil(duration / 60))):
        start, end = minute * 60.0, min(duration, (minute + 1) * 60.0)
        tremor_s = _overlap(episodes, start, end)
        weighted = sum(e.rms * max(0.0, min(end, e.end_s) - max(start, e.start_s)) for e in episodes)
        rms = round(weighted / tremor_s, 4) if tremor_s > 0 else None
        minutes.append(
            MinuteOfTremor(minute, round(tremor_s, 1), round(_overlap(movement, start, end), 1), rms)
        )
    return tuple(minutes)
