import io
import unicodedata

import arabic_reshaper
import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A5

from hawala.models import HawalaReceipt
from tests.conftest import authenticated
from tests.factories import SarafFactory
from tests.hawala.conftest import send_body

pytestmark = pytest.mark.django_db

PASHTO_NAME = "ښکلی ځدراڼ"


@pytest.fixture
def hawala_id(owner_client, sarafs):
    body = send_body(sarafs[1], receiver_name=PASHTO_NAME, sender_name="احمد کریمی")
    return owner_client.post("/api/hawala/send/", body, format="json").json()["id"]


def _generate(client, hawala_id):
    return client.post(f"/api/hawala/generate-receipt/{hawala_id}/")


def test_generate_then_get_json(owner_client, hawala_id):
    first = _generate(owner_client, hawala_id)
    assert first.status_code == 201, first.json()
    again = _generate(owner_client, hawala_id)
    assert again.status_code == 200
    assert again.json()["verification_code"] == first.json()["verification_code"]
    body = owner_client.get(f"/api/hawala/receipt/{hawala_id}/").json()
    assert body["hawala"]["receiver_name"] == PASHTO_NAME
    assert body["hawala"]["fee"] == "10.00"
    assert len(body["verification_code"]) >= 32
    assert body["verification_url"].endswith(
        f"/api/hawala/receipts/verify/{body['verification_code']}/"
    )
    assert HawalaReceipt.objects.count() == 1


def test_receiver_gets_its_own_receipt_without_the_fee(receiver_client, hawala_id):
    assert _generate(receiver_client, hawala_id).status_code == 201
    body = receiver_client.get(f"/api/hawala/receipt/{hawala_id}/").json()
    assert body["hawala"]["fee"] is None


def test_receipt_before_generation_is_404(owner_client, hawala_id):
    assert owner_client.get(f"/api/hawala/receipt/{hawala_id}/").status_code == 404


def test_other_saraf_cannot_generate_or_read(hawala_id, owner_client):
    _generate(owner_client, hawala_id)
    client = authenticated(saraf=SarafFactory())
    assert _generate(client, hawala_id).status_code == 404
    assert client.get(f"/api/hawala/receipt/{hawala_id}/").status_code == 404


def _shaped(text):
    return unicodedata.normalize("NFKC", arabic_reshaper.reshape(text))


@pytest.mark.parametrize(
    "how", [{"path": "?format=pdf"}, {"HTTP_ACCEPT": "application/pdf"}]
)
def test_pdf_embeds_the_font_and_holds_the_text(owner_client, sarafs, hawala_id, how):
    code = _generate(owner_client, hawala_id).json()["verification_code"]
    response = owner_client.get(
        f"/api/hawala/receipt/{hawala_id}/{how.get('path', '')}",
        **{k: v for k, v in how.items() if k != "path"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response) if response.streaming else response.content
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    page = reader.pages[0]
    fonts = {
        str(font.get_object()["/BaseFont"])
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("NotoNaskhArabic" in name for name in fonts)
    text = unicodedata.normalize("NFKC", page.extract_text())
    assert "HW-1001" in text
    assert "500.00 USD" in text
    assert "10.00 USD" in text
    assert code in text
    assert f"Sending saraf id:\n{sarafs[0].pk}\n" in text
    for word in PASHTO_NAME.split():
        assert _shaped(word)[::-1] in text or _shaped(word) in text


def test_pdf_of_missing_receipt_is_a_json_404(owner_client, hawala_id):
    response = owner_client.get(f"/api/hawala/receipt/{hawala_id}/?format=pdf")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_public_verify_confirms_only_status_and_number(
    api_client, owner_client, hawala_id
):
    code = _generate(owner_client, hawala_id).json()["verification_code"]
    response = api_client.get(f"/api/hawala/receipts/verify/{code}/")
    assert response.status_code == 200
    assert response.json() == {
        "genuine": True,
        "hawala_number": "HW-1001",
        "status": "sent",
    }
    assert api_client.get("/api/hawala/receipts/verify/forged/").status_code == 404


def _name(words, length=200):
    """A name of exactly `length` characters made of the given words."""
    text = ""
    index = 0
    while len(text) < length:
        text += ("" if not text else " ") + words[index % len(words)]
        index += 1
    text = text[:length]
    return text[:-1] + words[0][0] if text.endswith(" ") else text


LONG_LATIN = _name(["Abdul", "Rahman", "Karimzada", "Nooristani", "Wardak", "Jan"])
LONG_PERSIAN = _name(["محمد", "عبدالرحمن", "کریمزاده", "نورستانی", "گلاب", "شاه"])
LONG_UNBROKEN = "Wm" * 100  # no space to break at
PAGE_WIDTH, PAGE_HEIGHT = A5
MARGIN = 36

# The PDF's font names (subset prefix and style suffix aside) as reportlab's.
PDF_FONTS = ["NotoNaskhArabic", "DejaVuSans", "Helvetica-Bold", "Helvetica", "Courier"]


def _pdf(client, hawala_id):
    assert _generate(client, hawala_id).status_code in (200, 201)
    response = client.get(f"/api/hawala/receipt/{hawala_id}/?format=pdf")
    assert response.status_code == 200
    return b"".join(response) if response.streaming else response.content


def _fragments(content):
    """Every string drawn on the one page: (x, y, font, size, text, width)."""
    from reportlab.pdfbase import pdfmetrics

    from hawala.receipts import _arabic_font

    _arabic_font()
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    fragments = []

    def visit(text, cm, tm, font_dict, font_size):
        text = text.strip("\n")
        if not text.strip() or font_dict is None:
            return
        base = str(font_dict["/BaseFont"]).split("+")[-1].lstrip("/")
        font = next(name for name in PDF_FONTS if base.startswith(name))
        size = font_size * tm[0] * cm[0]
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        width = pdfmetrics.stringWidth(text, font, size)
        fragments.append((x, y, font, size, text, width))

    reader.pages[0].extract_text(visitor_text=visit)
    return fragments


def _rows(fragments):
    """{label: value} of the rows above the QR code, spaces removed, and the
    lowest baseline of any value (with its font size).

    pypdf gives each right-to-left string back in logical order already, so a
    right-to-left line is read by taking its strings from right to left."""
    rows, lowest = {}, None
    label = None
    for x, y, font, size, text, _ in fragments:
        if font == "Helvetica-Bold" and round(x) == MARGIN and text.endswith(":"):
            label = text[:-1]
            rows[label] = {}
        elif font.startswith("Helvetica") or font == "Courier":
            if label and font == "Helvetica-Bold":
                break
        elif label:
            rows[label].setdefault(round(y, 2), []).append((x, text))
            lowest = min(lowest or (y, size), (y, size))
    values = {}
    for label, by_y in rows.items():
        rtl = any(
            "\u0600" <= char <= "\ufeff"
            for parts in by_y.values()
            for _, text in parts
            for char in text
        )
        values[label] = _squeezed(
            "".join(
                text
                for _, parts in sorted(by_y.items(), reverse=True)
                for _, text in sorted(parts, reverse=rtl)
            )
        )
        values[label, "lines"] = len(by_y)
    return values, lowest


def _squeezed(text):
    """Text without spaces and without brackets: in a right-to-left line an
    opening bracket is drawn with the closing one's glyph (the bidi rules'
    mirroring), which a reading back in logical order cannot tell apart."""
    text = unicodedata.normalize("NFKC", text).translate(str.maketrans("", "", "()"))
    return "".join(text.split())


def _assert_inside_the_page(fragments):
    for x, y, _, _, text, width in fragments:
        assert x >= MARGIN - 0.01, (x, text)
        assert x + width <= PAGE_WIDTH - MARGIN + 0.01, (x, width, text)
        assert MARGIN - 0.01 <= y <= PAGE_HEIGHT - MARGIN + 0.01, (y, text)


def _assert_above_the_qr_code(fragments, lowest):
    (verification_y,) = [
        y for _, y, _, _, text, _ in fragments if text == "Verification code:"
    ]
    # The QR code's top is 30 pt above the "Verification code:" baseline.
    y, size = lowest
    assert y - 0.3 * size >= verification_y + 30


def test_pdf_wraps_200_character_names_on_one_page(
    owner_client, receiver_client, sarafs
):
    sender, receiver = sarafs
    sender.name, receiver.name = LONG_PERSIAN, LONG_UNBROKEN
    sender.save(update_fields=["name"])
    receiver.save(update_fields=["name"])
    body = send_body(
        receiver,
        hawala_number="W" * 64,
        sender_name=LONG_LATIN,
        receiver_name=LONG_PERSIAN,
    )
    response = owner_client.post("/api/hawala/send/", body, format="json")
    assert response.status_code == 201, response.json()
    hawala_id = response.json()["id"]
    for client in (owner_client, receiver_client):
        fragments = _fragments(_pdf(client, hawala_id))
        _assert_inside_the_page(fragments)
        rows, lowest = _rows(fragments)
        _assert_above_the_qr_code(fragments, lowest)
        assert rows["Hawala number"] == "W" * 64
        assert rows["Sending saraf"] == _squeezed(LONG_PERSIAN)
        assert rows["Receiving saraf"] == LONG_UNBROKEN
        assert rows["Sender"] == _squeezed(LONG_LATIN)
        assert rows["Receiver"] == _squeezed(LONG_PERSIAN)
        assert rows["Sender", "lines"] > 1 and rows["Receiver", "lines"] > 1
        assert rows["Sending saraf id"] == str(sender.pk)
        assert rows["Amount"] == "500.00USD"
        assert ("Fee" in rows) == (client is owner_client)


@pytest.mark.parametrize("name", [LONG_LATIN, LONG_PERSIAN], ids=["latin", "persian"])
def test_pdf_wraps_long_outside_saraf_names(
    owner_client, receiver_client, sarafs, name
):
    body = send_body(sarafs[1], destination_name=name, sender_name=name)
    del body["destination_saraf_id"]
    response = owner_client.post("/api/hawala/send/", body, format="json")
    assert response.status_code == 201, response.json()
    fragments = _fragments(_pdf(owner_client, response.json()["id"]))
    _assert_inside_the_page(fragments)
    rows, lowest = _rows(fragments)
    _assert_above_the_qr_code(fragments, lowest)
    assert rows["Receiving saraf"] == _squeezed(f"{name} (outside AMU Pay)")

    body = {
        "hawala_number": "DXB-77",
        "amount": "300",
        "currency": "USD",
        "source_name": name,
        "sender_name": name,
        "receiver_name": name,
        "receiver_id_number": "987",
    }
    response = receiver_client.post(
        "/api/hawala/external-receive/", body, format="json"
    )
    assert response.status_code == 201, response.json()
    fragments = _fragments(_pdf(receiver_client, response.json()["id"]))
    _assert_inside_the_page(fragments)
    rows, lowest = _rows(fragments)
    _assert_above_the_qr_code(fragments, lowest)
    assert rows["Sending saraf"] == _squeezed(f"{name} (outside AMU Pay)")
    assert rows["Sender"] == _squeezed(name)
    assert rows["Receiver"] == _squeezed(name)


@pytest.mark.parametrize("name", ["زهرا (گل)", "Zahra (Gul)", "گل [Zahra]"])
def test_pdf_brackets_open_towards_their_text(owner_client, sarafs, name):
    """In a right-to-left name an opening bracket stands to the right of its
    text and must be drawn as ")" (Unicode bidi mirroring), so read from left
    to right the page always shows an opening glyph first."""
    body = send_body(sarafs[1], receiver_name=name)
    hawala_id = owner_client.post("/api/hawala/send/", body, format="json").json()["id"]
    fragments = _fragments(_pdf(owner_client, hawala_id))
    (receiver_y,) = [y for x, y, _, _, text, _ in fragments if text == "Receiver:"]
    drawn = "".join(
        text
        for _, text in sorted(
            (x, text)
            for x, y, font, _, text, _ in fragments
            if y == receiver_y and not font.startswith("Helvetica")
        )
    )
    brackets = "".join(char for char in drawn if char in "()[]")
    assert brackets in ("()", "[]"), drawn
