"""The twins read a platform's messages in every reasonable form (contract.reading): the
structured fields first, else a code or a link in plain text or HTML, a link's token in its
path or its query; and the phone twin finds a confirmation link and a code whatever form the
platform chose."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import simpy

from contract.outbound import Email, Sms
from contract.reading import codes_in, codes_of, confirmation_link, link_token, links_in, visible_text
from twins.phone import Phone

SENT = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("MG iSmart verification code: 482913", ["482913"]),
        ("Your code is 482913. Sent 2026-03-02 at 08:00.", ["482913"]),
        ("Sent 02.03.2026 08:00: 482913 is your code", ["482913"]),
        ("Kode 4821 (gyldig i 5 minutter)", ["4821"]),
        ("Call +4512345678 if this was not you. Code: 482913", ["482913"]),
        ("<html><style>p { color: #336699; width: 600px }</style><p><b>482913</b></p>&copy; 2026</html>", ["482913"]),
        ("Your code 482913, and again: 482913", ["482913"]),
        ("No code here, just 2026-03-02.", []),
    ],
)
def test_a_code_is_a_run_of_digits_on_its_own(text: str, codes: list[str]) -> None:
    assert codes_in(text) == codes


def test_the_structured_code_wins_over_the_text() -> None:
    assert codes_of(Sms("+4511111111", "Your code: see the app (valid 2026-03-02)", SENT, code="112233")) == ["112233"]
    assert codes_of(Email("a@example.com", "Code", "<p>123456</p>", SENT, code="654321")) == ["654321"]


def test_links_come_from_hrefs_and_from_the_text_unescaped_and_without_trailing_punctuation() -> None:
    body = (
        '<p><a class="b" href="https://x.example/activate?lang=no&amp;token=t1">Go</a></p>'
        "<p>or paste https://x.example/confirm/t2.</p>"
    )
    assert links_in(body) == ["https://x.example/activate?lang=no&token=t1", "https://x.example/confirm/t2"]
    assert "Go" in visible_text(body)
    assert "<a" not in visible_text(body)


@pytest.mark.parametrize(
    ("link", "token"),
    [
        ("https://renault-connect.renault.com/confirm/abc123", "abc123"),
        ("https://renault-connect.renault.com/confirm/abc123/", "abc123"),
        ("https://renault-connect.renault.com/confirm?token=abc123&lang=en", "abc123"),
        ("https://my.renault.example/account/activate?lang=no&token=abc123", "abc123"),
        ("https://my.renault.example/#/confirm?token=abc123", "abc123"),
        ("https://my.renault.example/#/confirm/abc123", "abc123"),
    ],
)
def test_a_links_token_is_its_token_parameter_else_its_last_path_segment(link: str, token: str) -> None:
    assert link_token(link) == token


@pytest.mark.parametrize(
    ("body", "link"),
    [
        ("Follow https://r.example/confirm/t1 to finish.", "https://r.example/confirm/t1"),
        ("Help: https://r.example/help\nConfirm: https://r.example/c?token=t1", "https://r.example/c?token=t1"),
        (
            '<a href="https://r.example/privacy">p</a><a href="https://r.example/verify/t1">v</a>',
            "https://r.example/verify/t1",
        ),
        ("Your only link: https://r.example/x/t1", "https://r.example/x/t1"),
        ("Two links, neither a confirmation: https://r.example/a https://r.example/b", ""),
    ],
)
def test_the_confirmation_link_of_an_e_mail(body: str, link: str) -> None:
    assert confirmation_link(Email("a@example.com", "Welcome", body, SENT)) == link


def test_the_structured_link_wins_over_the_body() -> None:
    email = Email("a@example.com", "Welcome", "https://r.example/confirm/old", SENT, link="https://r.example/l/new")
    assert confirmation_link(email) == "https://r.example/l/new"


def phone() -> Phone:
    env = simpy.Environment()
    return Phone(env, "Ada", "+4511111111", "ada@example.com", "device-1", connection=None)  # type: ignore[arg-type]


def test_the_phone_finds_confirmation_links_of_every_form_oldest_sent_first() -> None:
    ada = phone()
    ada.receive_email(Email(ada.email, "b", '<a href="https://r.example/activate?token=t2">A</a>', SENT + timedelta(1)))
    ada.receive_email(Email(ada.email, "a", "https://r.example/confirm?token=t1", SENT))
    ada.receive_email(Email(ada.email, "c", "Hello", SENT + timedelta(2), link="https://r.example/c/t3"))
    ada.receive_email(Email(ada.email, "d", "no link at all", SENT + timedelta(3)))
    assert [link_token(link) for link in ada.confirmation_links()] == ["t1", "t2", "t3"]


def test_the_phone_reads_codes_by_channel_whatever_the_form() -> None:
    ada = phone()
    ada.receive_sms(Sms(ada.number, "Code 111222, sent 2026-03-02 08:00", SENT))
    ada.receive_email(Email(ada.email, "Code", "<p>Your code</p><p><b>333444</b></p>", SENT))
    ada.receive_sms(Sms(ada.number, "see the app", SENT, code="555666"))
    assert ada.codes_received("sms") == ["111222", "555666"]
    assert ada.codes_received("email") == ["333444"]
