"""The Jinja2 environment shared by every page."""

from pathlib import Path
from typing import Any

import jinja2
from fastapi.templating import Jinja2Templates

from psoas.practice.timing import clock
from psoas.signals.registry import KINDS
from psoas.web.local_time import local
from psoas.web.session_words import how_it_ended, minutes_reached
from psoas.web.support_links import support_links

_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Jinja's environment, finding `record.field` in a dict without raising first.

    Records are dicts (the API's JSON), and Jinja looks an attribute up before a key: every
    `s.started_at` raised and caught an AttributeError, about 40 a row of History, a third of the
    time a page of 50 rows took to draw. A dict has no attributes but its type's, so looking the
    key up first where the name is not one of those finds what Jinja would find.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


# As Jinja2Templates(directory=...) would make it, with the environment above.
_LOADER = jinja2.FileSystemLoader(Path(__file__).parent / "templates")
templates = Jinja2Templates(env=_Environment(loader=_LOADER, autoescape=jinja2.select_autoescape()))
templates.env.filters["clock"] = clock
templates.env.filters["local"] = local
templates.env.filters["support_links"] = support_links
templates.env.filters["minutes_reached"] = minutes_reached
templates.env.filters["how_it_ended"] = how_it_ended
# The kinds of recording, for the upload form's choices and the results page's heading.
templates.env.globals["recording_kinds"] = KINDS
