"""Support text with its phone numbers and web addresses made into links, and nothing else changed."""

from psoas.web.support_links import support_links


def test_phone_numbers_become_tel_links_with_only_their_digits() -> None:
    html = support_links("Call Sam on 555 0100, or the crisis line +44 (0)20 7946 0958.")
    assert '<a href="tel:5550100">555 0100</a>' in html
    # Dialled from abroad, the trunk 0 in brackets is left out.
    assert '<a href="tel:+442079460958">+44 (0)20 7946 0958</a>.' in html


def test_an_emergency_number_of_three_digits_is_a_link_too() -> None:
    assert support_links("In an emergency call 112 or 911.") == (
        'In an emergency call <a href="tel:112">112</a> or <a href="tel:911">911</a>.'
    )


def test_web_addresses_become_links_without_the_sentences_full_stop() -> None:
    html = support_links("Find a helpline at https://findahelpline.com. Or www.example.org/help, too.")
    assert (
        '<a href="https://findahelpline.com" rel="noopener noreferrer">https://findahelpline.com</a>. '
        in html
    )
    assert (
        '<a href="https://www.example.org/help" rel="noopener noreferrer">www.example.org/help</a>, too.'
        in html
    )


def test_everything_else_is_escaped_text() -> None:
    html = support_links('<script>alert("x")</script> breathe 5 times, then 10')
    assert html == "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; breathe 5 times, then 10"


def test_a_run_of_digits_longer_than_any_number_is_left_as_text() -> None:
    # E.164 numbers have at most 15 digits: a longer run is no phone number (an account, an id).
    assert support_links("1" * 16) == "1" * 16
    assert support_links("1" * 15) == f'<a href="tel:{"1" * 15}">{"1" * 15}</a>'
