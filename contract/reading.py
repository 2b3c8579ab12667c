"""How an outbound message is read: the verification code and the link it carries.

A platform may say both in the structured fields (``Sms.code``, ``Email.code``, ``Email.link``),
and then its human text is free. Without them the message is read as a person reads it, in any
reasonable form: a code is a run of 4 to 8 digits standing on its own (not part of a date, a
time, a phone number or a longer number; when the text holds a 6-digit one, the manuals' length,
the others are taken for something else); a link is any ``http(s)`` address in the text, or the
``href`` of an ``<a>`` in an HTML body. The token of a confirmation link is its query parameter
``token`` (in the query or after ``#``), else the last segment of its path. Twins and the
specification read messages only through these functions, so both accept the same forms.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

from contract.outbound import Email, Sms

CODE_LENGTH = 6
"""The length of every verification code, as the manuals fix it."""

_CODE = re.compile(r"(?<![\w+#])(?<!\d[-/.:,])(\d{4,8})(?![\w]|[-/.:,]\d)")
_URL = re.compile(r"https?://[^\s<>\"']+")
_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_HIDDEN = re.compile(r"<(style|script|head)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TRAILING = ".,;:!?)]}'\""
_CONFIRMING = ("confirm", "verif", "activat", "validat")
"""Words that mark a confirmation link in a path, when the e-mail does not name its link."""


def is_html(body: str) -> bool:
    """Whether *body* is HTML (it has tags), as a mail program would tell."""
    return _TAG.search(body) is not None and "</" in body


def visible_text(body: str) -> str:
    """The text of *body* a person sees: an HTML body without its tags, styles and scripts."""
    if not is_html(body):
        return body
    return html.unescape(_TAG.sub(" ", _HIDDEN.sub(" ", body)))


def codes_in(text: str) -> list[str]:
    """The verification codes a person reads in *text*, in order, without repeats."""
    found = list(dict.fromkeys(_CODE.findall(visible_text(text))))
    exact = [code for code in found if len(code) == CODE_LENGTH]
    return exact or found


def codes_of(message: Sms | Email) -> list[str]:
    """The codes *message* carries: its structured ``code`` if it has one, else those in its text."""
    if message.code:
        return [message.code]
    return codes_in(message.text if isinstance(message, Sms) else message.body)


def links_in(body: str) -> list[str]:
    """Every web link in *body*, in order, without repeats: ``href`` targets of an HTML body first."""
    links = [html.unescape(next(part for part in match if part)) for match in _HREF.findall(body) if any(match)]
    links += [url.rstrip(_TRAILING) for url in _URL.findall(visible_text(body))]
    return [link for link in dict.fromkeys(links) if link.startswith(("http://", "https://"))]


def links_of(message: Email) -> list[str]:
    """The links *message* carries: its structured ``link`` first, then those in its body."""
    return list(dict.fromkeys([*([message.link] if message.link else []), *links_in(message.body)]))


def confirmation_link(message: Email) -> str:
    """The link that confirms an account in *message* ("" if none): its structured ``link``; else
    the one link of its body that carries a ``token`` parameter or a word like "confirm" in its
    path; else its body's only link."""
    if message.link:
        return message.link
    links = links_in(message.body)
    marked = [link for link in links if _marks_confirmation(link)]
    if marked:
        return marked[0]
    return links[0] if len(links) == 1 else ""


def link_token(link: str) -> str:
    """The token a confirmation *link* carries: its ``token`` parameter, else its path's last segment."""
    parts = urlsplit(link)
    fragment_path, _, fragment_query = parts.fragment.partition("?")
    for query in (parts.query, fragment_query):
        tokens = parse_qs(query).get("token")
        if tokens:
            return tokens[0]
    path = fragment_path if fragment_path.startswith("/") else parts.path
    return path.rstrip("/").rsplit("/", 1)[-1]


def _marks_confirmation(link: str) -> bool:
    parts = urlsplit(link)
    if "token=" in parts.query or "token=" in parts.fragment:
        return True
    where = f"{parts.path}#{parts.fragment}".casefold()
    return any(word in where for word in _CONFIRMING)
