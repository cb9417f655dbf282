"""The recording charts' labels: readable at a phone's larger text, and saying what the axis holds."""

import re

from psoas.web.signal_charts import bar_chart, line_chart

# On a phone the charts' text is drawn 20 units high (psoas.css), so lines of text need that apart.
PHONE_TEXT = 20


def text_rows(svg: str) -> dict[str, float]:
    """Each text's content and its baseline."""
    return {m[2]: float(m[1]) for m in re.finditer(r'<text[^>]* y="([\d.]+)"[^>]*>([^<]*)</text>', svg)}


def test_the_x_axis_name_sits_below_its_tick_labels() -> None:
    svg = line_chart([(0.0, 1.0), (37.2, 2.0)], "Tremor", "Tremor over the session", "minutes", "g")
    rows = text_rows(svg)
    assert rows["minutes"] - rows["37.2"] >= PHONE_TEXT


def test_minute_bars_are_labelled_from_the_start_to_the_end_of_the_time() -> None:
    one_minute = text_rows(bar_chart([12.0], "Tremor", "Seconds each minute", "minutes", "s", 60))
    assert one_minute["0"] < one_minute["minutes"]
    assert "1" in one_minute
    five = text_rows(bar_chart([1, 2, 3, 4, 5], "Tremor", "Seconds each minute", "minutes", "s", 60))
    assert "5" in five
    assert "4" not in five
