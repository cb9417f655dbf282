"""Support text with its phone numbers and web addresses made tappable: someone in distress on a
phone should not have to copy a number into the dialler."""

import re

from markupsafe import Markup, escape

# A web address, or a phone number: an optional + or bracket, then digits with spaces, dots,
# dashes or brackets between them, 3 digits (an emergency number: 112, 911, 999) to 15 (the
# most a number has, by ITU E.164).
_LINK = re.compile(
    r"(?P<web>\bhttps?://[^\s<>\"']+|\bwww\.[^\s<>\"']+)"
    r"|(?P<phone>(?<![\w.])\+?\(?\d(?:[\s.()-]{0,2}\d){2,14}(?!\w))"
)
_TRAILING = ".,;:!?)"


def _web(address: str) -> tuple[str, str]:
    """The address as a link and what trailing punctuation belongs to the sentence instead."""
    kept = address.rstrip(_TRAILING)
    href = kept if kept.startswith("http") else f"https://{kept}"
    return f'<a href="{escape(href)}" rel="noopener noreferrer">{escape(kept)}</a>', address[len(kept) :]


def _phone(number: str) -> str:
    if number.startswith("+"):  # an international number leaves out the trunk 0: +44 (0)20 …
        dial = "+" + re.sub(r"\D", "", number.replace("(0)", ""))
    else:
        dial = re.sub(r"\D", "", number)
    return f'<a href="tel:{dial}">{escape(number)}</a>'


def support_links(text: str) -> Markup:
    """The text, escaped, with each web address and phone number in it a link."""
    parts: list[str] = []
    last = 0
    for found in _LINK.finditer(text):
        parts.append(str(escape(text[last : found.start()])))
        if found.group("web"):
            link, rest = _web(found.group("web"))
            parts += [link, str(escape(rest))]
        else:
            parts.append(_phone(found.group("phone")))
        last = found.end()
    parts.append(str(escape(text[last:])))
    return Markup("".join(parts))
