"""Instrument files: the shipped ones load with their terms, codes and sources; bad ones are named."""

import shutil
from pathlib import Path

import pytest

from psoas.measures.instruments import SHIPPED, InstrumentError, load_instruments, shipped_instruments


def test_the_free_instruments_ship_with_item_counts_terms_and_codes() -> None:
    found = shipped_instruments()
    assert {i: len(found[i].items) for i in ("phq9", "gad7", "pcl5")} == {"phq9": 9, "gad7": 7, "pcl5": 20}
    assert (found["phq9"].loinc_panel, found["phq9"].loinc_total) == ("44249-1", "44261-6")
    assert (found["gad7"].loinc_panel, found["gad7"].loinc_total) == ("69737-5", "70274-6")
    for instrument in found.values():
        assert instrument.terms
        assert instrument.source
        assert instrument.recall_period
        assert instrument.minimal_important_difference is not None
    assert "public domain" in found["pcl5"].terms.lower()
    assert found["phq9"].items[0].text == "Little interest or pleasure in doing things"


def test_no_restricted_instrument_ships() -> None:
    assert not {"pss10", "dass21", "odi", "isi", "psqi", "promis"} & set(shipped_instruments())


def test_a_facilitator_can_add_an_instrument_in_the_data_directory(tmp_path: Path) -> None:
    extra = tmp_path / "instruments"
    extra.mkdir()
    text = (SHIPPED / "gad7.toml").read_text().replace('id = "gad7"', 'id = "gadlicensed"')
    (extra / "gadlicensed.toml").write_text(text)
    assert "gadlicensed" in load_instruments(SHIPPED, extra)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("max = 27", "max = 26"), "bands must reach the highest total, 27"),
        (("number = 2", "number = 3"), "items must be numbered 1 to 9 in order"),
        (("recall_period", "recal_period"), "recal_period: Extra inputs are not permitted"),
        # Longer than a stored result keeps: PostgreSQL refused the result, SQLite kept it.
        (('label = "minimal"', f'label = "{"minimal " * 12}"'), "at most 80 characters"),
    ],
)
def test_a_broken_file_is_named_with_its_problem(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    shutil.copy(SHIPPED / "phq9.toml", tmp_path / "phq9.toml")
    path = tmp_path / "phq9.toml"
    path.write_text(path.read_text().replace(*change, 1))
    with pytest.raises(InstrumentError) as caught:
        load_instruments(tmp_path)
    assert "phq9.toml" in str(caught.value)
    assert message in str(caught.value)


def test_an_id_longer_than_a_stored_result_keeps_is_named(tmp_path: Path) -> None:
    long_id = "gad" + "7" * 40
    text = (SHIPPED / "gad7.toml").read_text().replace('id = "gad7"', f'id = "{long_id}"')
    (tmp_path / f"{long_id}.toml").write_text(text)
    with pytest.raises(InstrumentError, match="at most 40 characters"):
        load_instruments(tmp_path)


def test_an_added_file_cannot_replace_a_shipped_one(tmp_path: Path) -> None:
    shutil.copy(SHIPPED / "phq9.toml", tmp_path / "phq9.toml")
    with pytest.raises(InstrumentError, match="an instrument with id 'phq9' already exists"):
        load_instruments(SHIPPED, tmp_path)
