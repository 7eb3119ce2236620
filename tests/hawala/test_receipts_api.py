import io
import unicodedata

import arabic_reshaper
import pytest
from pypdf import PdfReader

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
