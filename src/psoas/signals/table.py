"""Reading a delimited text file into named numeric columns, with errors that name the line and column."""

import io
import re
import warnings
from dataclasses import dataclass

import numpy as np

from psoas.signals.recording import Floats, SignalError

DELIMITERS = (",", ";", "\t", " ")
# A recording has a handful of columns (OpenSignals, the widest we read, has about a dozen); a line
# with thousands is not one, and naming all of them would make a message nobody can read.
MAX_COLUMNS = 64
_NUMBER = re.compile(r"^\s*[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?\s*$")
# What loggers write for a missing sample: numpy reads these as numbers that are not finite, and a
# header check must not take them for a label (that dropped the column and blamed the others).
_NOT_FINITE = re.compile(r"^\s*[-+]?(nan|inf|infinity)\s*$", re.IGNORECASE)
# Windows, Unix and old Mac (CR only) line ends.
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Table:
    """Numeric columns of a text file; `names` are the header's (lower-cased) or empty when it had none."""

    names: tuple[str, ...]
    columns: Floats  # one row per data line, one column per name
    first_data_line: int  # 1-based line number of the first data row, for messages
    left_out: tuple[str, ...] = ()  # named columns that hold no numbers (timestamps, labels)


def _is_number(cell: str) -> bool:
    return bool(_NUMBER.match(cell))


def _is_value(cell: str) -> bool:
    """A number, or a missing sample spelled as numpy reads it ('nan', 'inf'), refused later by line."""
    return _is_number(cell) or bool(_NOT_FINITE.match(cell))


def _split(line: str, delimiter: str) -> list[str]:
    cells = line.split() if delimiter == " " else line.split(delimiter)
    return [cell.strip().strip('"').strip() for cell in cells]


def _delimiter(first: str, second: str) -> str:
    """The delimiter that splits the first two lines into the same number of cells, the most cells.

    Agreement between the lines matters for exports with a semicolon between values and a decimal
    comma inside them (phyphox in many locales).
    """
    counts = {d: (len(_split(first, d)), len(_split(second, d))) for d in DELIMITERS}
    agreeing = [d for d in DELIMITERS if counts[d][0] == counts[d][1] > 1]
    if agreeing:
        return max(agreeing, key=lambda d: counts[d][0])
    best = max(DELIMITERS, key=lambda d: counts[d][1])
    return best if counts[best][1] > 1 else ","


def _content_lines(text: str) -> list[tuple[int, str]]:
    """Lines with their 1-based numbers, without blank lines and `#` comments (e.g. OpenSignals headers)."""
    return [
        (number, line.rstrip().rstrip(",;").rstrip())
        for number, line in enumerate(_LINE_END.split(text), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]


def read_table(text: str, name: str) -> Table:
    """Parse `text` (from the file called `name`) into a table; raises SignalError naming the bad line.

    With a header, a column whose first value is not a number (a clock time, a label) is left out
    and named in `left_out`; every other value must be a number.
    """
    single = _one_column(text)
    if single is not None:
        return Table((), single, 1)
    plain = _plain_table(text)
    if plain is not None:
        return plain
    lines = _content_lines(text)
    if not lines:
        raise SignalError(f"{name}: the file is empty; expected lines of numbers, one sample per line")
    header: list[str] = []
    first_line = lines[0][1]
    delimiter = _delimiter(first_line, lines[1][1] if len(lines) > 1 else first_line)
    _refuse_too_wide(_split(first_line, delimiter), lines[0][0], name)
    if not all(_is_value(cell) for cell in _split(first_line, delimiter) if cell):
        header = [cell.lower() for cell in _split(first_line, delimiter)]
        lines = lines[1:]
    if not lines:
        raise SignalError(f"{name}: there is a header but no data lines below it")
    if len(lines) == 1:
        raise SignalError(
            f"{name}: only one line of data (line {lines[0][0]}); expected a recording of many lines, "
            "one sample per line"
        )
    cells = [cell for cell in _split(lines[0][1], delimiter) if cell]
    # Semicolons or tabs between values and commas inside them: decimal commas (phyphox, many locales).
    decimal_comma = delimiter in (";", "\t") and "," in lines[0][1]
    width = len(cells)
    if header and len(header) != width:
        raise SignalError(
            f"{name}: line {lines[0][0]} has {width} values but the header names {len(header)} columns"
        )
    keep = list(range(width))
    if header:
        keep = [
            i for i, cell in enumerate(cells) if _is_value(cell.replace(",", ".") if decimal_comma else cell)
        ]
        if not keep:
            raise SignalError(f"{name}: line {lines[0][0]} has no numbers; expected numeric columns")
    columns = _numbers(lines, delimiter, decimal_comma, width, keep, name)
    left_out = tuple(header[i] for i in range(width) if i not in keep) if header else ()
    return Table(tuple(header[i] for i in keep) if header else (), columns, lines[0][0], left_out)


def _one_column(text: str) -> Floats | None:
    """A file of one plain number a line, read by numpy straight from the text; None for any other
    file (a header, blank lines, another delimiter, a bad value), which the general path reads and
    explains. An hour of 250 Hz ECG is 900,000 lines: the general path holds each as a Python
    string with its number, hundreds of MB, where this holds only the text and the values."""
    # A space or tab may part two values on a line, which the count below would not catch when a
    # blank line hid the extra value; such files take the general path. (A search for anything
    # but the characters of numbers took a sixth of the reading.)
    if len(text) < 64 or " " in text or "\t" in text:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # numpy only warns when it stops at a value it cannot read
            values = np.fromstring(text, dtype=np.float64, sep=" ")
    except (ValueError, DeprecationWarning):
        return None
    lines = text.count("\n") + (not text.endswith("\n"))
    if len(values) != lines or len(values) < 2 or not np.all(np.isfinite(values)):
        return None
    return values[:, np.newaxis]


def _plain_table(text: str) -> Table | None:
    """A plain table (a header or none, one delimiter, no comments, quotes, decimal commas or old
    Mac line ends) read by numpy straight from the text; None for any other, which the general path
    reads and explains. Three hours of time,x,y,z at 100 Hz are a million lines: the general path
    holds each as Python strings, about 500 MB, where this holds the text and the values."""
    if "#" in text or '"' in text or "\r" in text or text.startswith("\n"):
        return None
    first, _, rest = text.partition("\n")
    second = rest.partition("\n")[0]
    if not first.strip() or not second.strip():
        return None
    delimiter = _delimiter(first, second)
    if delimiter in (";", "\t") and "," in second:
        return None
    first_cells = _split(first, delimiter)
    if len(first_cells) > MAX_COLUMNS:
        return None
    header = [] if all(_is_value(c) for c in first_cells if c) else [c.lower() for c in first_cells]
    cells = [c for c in _split(second if header else first, delimiter) if c]
    if header and len(header) != len(cells):
        return None
    keep = [i for i, c in enumerate(cells) if _is_value(c)] if header else list(range(len(cells)))
    if not keep:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # an empty line or a short one: the general path says which
            values = np.loadtxt(
                io.StringIO(text),
                delimiter=None if delimiter == " " else delimiter,
                skiprows=1 if header else 0,
                ndmin=2,
                dtype=np.float64,
                usecols=keep,
            )
    except (ValueError, UserWarning):
        return None
    if len(values) < 2 or not np.all(np.isfinite(values)):
        return None
    left_out = tuple(header[i] for i in range(len(cells)) if i not in keep) if header else ()
    return Table(tuple(header[i] for i in keep) if header else (), values, 2 if header else 1, left_out)


def _numbers(
    lines: list[tuple[int, str]], delimiter: str, decimal_comma: bool, width: int, keep: list[int], name: str
) -> Floats:
    body = "\n".join(line for _, line in lines)
    if decimal_comma:
        body = body.replace(",", ".")
    try:
        values = np.loadtxt(
            io.StringIO(body.replace('"', "")),
            delimiter=None if delimiter == " " else delimiter,
            ndmin=2,
            dtype=np.float64,
            usecols=keep,
        )
    except ValueError:
        raise _first_bad_line(lines, delimiter, decimal_comma, width, keep, name) from None
    if not np.all(np.isfinite(values)):
        row, column = (int(i) for i in np.argwhere(~np.isfinite(values))[0])
        number, line = lines[row]
        cell = [cell for cell in _split(line, delimiter) if cell][keep[column]]
        raise SignalError(
            f"{name}: line {number}, column {keep[column] + 1}: {cell[:30]!r} is not a number; expected "
            "a measured value on every line (psoas does not fill in missing samples)"
        )
    return values


def _refuse_too_wide(cells: list[str], number: int, name: str) -> None:
    if len(cells) > MAX_COLUMNS:
        raise SignalError(
            f"{name}: line {number} has {len(cells):,} columns; expected a few (at most {MAX_COLUMNS}), "
            "e.g. time,x,y,z"
        )


def _first_bad_line(
    lines: list[tuple[int, str]], delimiter: str, decimal_comma: bool, width: int, keep: list[int], name: str
) -> SignalError:
    """The error for the first line numpy could not read, found by checking each line ourselves."""
    for number, line in lines:
        cells = [cell for cell in _split(line, delimiter) if cell]
        if len(cells) != width:
            return SignalError(f"{name}: line {number} has {len(cells)} values; expected {width}")
        for column in keep:
            cell = cells[column]
            text = cell.replace(",", ".") if decimal_comma else cell
            if not _is_number(text) or (not decimal_comma and "," in text):
                return SignalError(
                    f"{name}: line {number}, column {column + 1}: {cell[:30]!r} is not a number"
                )
    return SignalError(f"{name}: the numbers could not be read; expected {width} numeric columns")
