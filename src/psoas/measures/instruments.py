"""Loading the questionnaires: those shipped with psoas and those a facilitator adds."""

import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from psoas.measures.instrument import Instrument

SHIPPED = Path(__file__).parent / "instruments"


class InstrumentError(Exception):
    """Instrument files that cannot be used; the message names each file and field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("Instrument files have problems:\n" + "\n".join(f"- {p}" for p in problems))


def _read(path: Path, problems: list[str]) -> Instrument | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        instrument = Instrument.model_validate(data)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        problems.append(f"{path.name}: not valid TOML ({error})")
        return None
    except ValidationError as error:
        for e in error.errors():
            where = ".".join(str(part) for part in e["loc"]) or "file"
            problems.append(f"{path.name}: {where}: {e['msg']}")
        return None
    if instrument.id != path.stem:
        problems.append(f"{path.name}: id {instrument.id!r} must equal the file name")
        return None
    return instrument


def load_instruments(*folders: Path) -> Mapping[str, Instrument]:
    """Every instrument in these folders, by id; a later folder may not replace an earlier one."""
    problems: list[str] = []
    found: dict[str, Instrument] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            instrument = _read(path, problems)
            if instrument is None:
                continue
            if instrument.id in found:
                problems.append(f"{path.name}: an instrument with id {instrument.id!r} already exists")
                continue
            found[instrument.id] = instrument
    if problems:
        raise InstrumentError(problems)
    return found


@cache
def shipped_instruments() -> Mapping[str, Instrument]:
    """The instruments that come with psoas, read once per process."""
    return load_instruments(SHIPPED)
