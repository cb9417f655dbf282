"""The Jinja2 environment shared by every page."""

from pathlib import Path

from fastapi.templating import Jinja2Templates

from psoas.practice.timing import clock
from psoas.signals.registry import KINDS
from psoas.web.local_time import local
from psoas.web.support_links import support_links

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.filters["clock"] = clock
templates.env.filters["local"] = local
templates.env.filters["support_links"] = support_links
# The kinds of recording, for the upload form's choices and the results page's heading.
templates.env.globals["recording_kinds"] = KINDS
