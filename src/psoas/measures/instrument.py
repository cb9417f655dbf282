"""A validated questionnaire as its data file describes it, checked when loaded."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# A stored result keeps the instrument's id and its band's label in columns of these sizes; a file
# with longer ones is refused when loaded rather than each result when saved.
ID_MOST = 40
BAND_LABEL_MOST = 80


class Option(BaseModel):
    """One response option: the value scored and the words shown."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: int
    label: Text


class Item(BaseModel):
    """One question, in form order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: int = Field(ge=1)
    text: Text
    loinc: str = ""
    cluster: str = ""
    flag_above: int = -1
    flag: str = ""
    # Said to the person, with their support resources, whenever the flag is raised.
    flag_message: str = ""

    @model_validator(mode="after")
    def _flag_has_words(self) -> "Item":
        if bool(self.flag) != bool(self.flag_message.strip()):
            raise ValueError("a flag needs its flag_message, and a flag_message its flag")
        return self


class Band(BaseModel):
    """A severity band: the totals from `min` to `max` inclusive."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min: int
    max: int
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=BAND_LABEL_MOST)]


class ClusterRules(BaseModel):
    """PCL-5's provisional result: a total cut-point, and the DSM-5 rule by symptom cluster."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    cutpoint_default: int
    cutpoint_min: int
    cutpoint_max: int
    endorsed_from: int
    cluster_minimum: dict[str, int]
    # Each cluster in plain words, as a person reads it beside its subtotal.
    cluster_names: dict[str, Text]

    @model_validator(mode="after")
    def _cutpoints_ordered(self) -> "ClusterRules":
        if not self.cutpoint_min <= self.cutpoint_default <= self.cutpoint_max:
            raise ValueError("needs cutpoint_min <= cutpoint_default <= cutpoint_max")
        if set(self.cluster_names) != set(self.cluster_minimum):
            raise ValueError(
                f"cluster_names must name each cluster in cluster_minimum: {sorted(self.cluster_minimum)}"
            )
        return self


class Instrument(BaseModel):
    """A whole questionnaire: items, options, scoring bands, source and terms of use."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+$", max_length=ID_MOST)]
    name: Text
    short_name: Text
    measures: Text
    recall_period: Text
    instructions: Text
    source: Text
    terms: Text
    loinc_panel: str = ""
    loinc_total: str = ""
    prorate_missing: int = Field(default=0, ge=0)
    minimal_important_difference: float | None = Field(default=None, gt=0)
    change_source: str = ""
    options: tuple[Option, ...] = Field(min_length=2)
    items: tuple[Item, ...] = Field(min_length=1)
    bands: tuple[Band, ...] = Field(min_length=1)
    pcl5: ClusterRules | None = None

    @property
    def values(self) -> tuple[int, ...]:
        """The answer values an item accepts."""
        return tuple(o.value for o in self.options)

    @property
    def max_total(self) -> int:
        """The highest possible total."""
        return len(self.items) * max(self.values)

    def cluster_max(self, cluster: str) -> int:
        """The highest subtotal a symptom cluster can reach."""
        return sum(1 for item in self.items if item.cluster == cluster) * max(self.values)

    @property
    def min_total(self) -> int:
        """The lowest possible total."""
        return len(self.items) * min(self.values)

    @model_validator(mode="after")
    def _consistent(self) -> "Instrument":
        numbers = [item.number for item in self.items]
        if numbers != list(range(1, len(self.items) + 1)):
            raise ValueError(f"items must be numbered 1 to {len(self.items)} in order, got {numbers}")
        if list(self.values) != sorted(set(self.values)):
            raise ValueError(f"option values must rise without repeats, got {list(self.values)}")
        expected = self.min_total
        for band in self.bands:
            if band.min != expected or band.max < band.min:
                raise ValueError(
                    f"bands must cover {self.min_total}-{self.max_total} without gaps; check {band.label!r}"
                )
            expected = band.max + 1
        if expected != self.max_total + 1:
            raise ValueError(f"bands must reach the highest total, {self.max_total}")
        if self.pcl5 is not None:
            clusters = set(self.pcl5.cluster_minimum)
            unknown = [i.number for i in self.items if i.cluster not in clusters]
            if unknown:
                raise ValueError(f"items {unknown} need a cluster among {sorted(clusters)}")
        return self
