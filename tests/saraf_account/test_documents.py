import io
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from saraf_account.models import SarafAccount
from tests.conftest import authenticated

pytestmark = pytest.mark.django_db

DOCUMENTS = "/api/saraf/profile/documents/"
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def image_bytes(fmt="PNG", size=(64, 48), mode="RGB", **save_options):
    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 30)).save(out, format=fmt, **save_options)
    return out.getvalue()


def upload(name, data, content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files():
    roots = [
        Path(settings.MEDIA_ROOT),
        Path(settings.MEDIA_ROOT).parent / "private_media",
    ]
    return [
        p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()
    ]


def png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def bomb_png(side=100_000):
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    raw = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", raw)
        + png_chunk(b"IEND", b"")
    )


def test_logo_is_reencoded_resized_and_stored_under_a_random_name(owner_client, saraf):
    data = image_bytes(size=(1200, 800), pnginfo=None)
    response = owner_client.post(
        DOCUMENTS, {"logo": upload("my logo.png", data)}, format="multipart"
    )
    assert response.status_code == 200
    saraf.refresh_from_db()
    name = Path(saraf.logo.name).name
    assert name != "my logo.png" and len(name) == len("0" * 32 + ".png")
    with saraf.logo.open("rb") as stored:
        image = Image.open(stored)
        assert max(image.size) == 512 and image.format == "PNG"
    assert response.json()["logo_url"].endswith(f"/api/saraf/{saraf.pk}/logo/")


def test_wallpaper_is_capped_at_1920(owner_client, saraf):
    data = image_bytes("JPEG", size=(4000, 1000))
    owner_client.post(
        DOCUMENTS,
        {"wallpaper": upload("w.jpg", data, "image/jpeg")},
        format="multipart",
    )
    saraf.refresh_from_db()
    with saraf.wallpaper.open("rb") as stored:
        assert Image.open(stored).size == (1920, 480)


def test_metadata_is_stripped(owner_client, saraf):
    exif = Image.Exif()
    exif[0x010E] = "secret GPS note"
    data = image_bytes("JPEG", exif=exif.tobytes())
    assert b"secret GPS note" in data
    owner_client.post(
        DOCUMENTS, {"logo": upload("l.jpg", data, "image/jpeg")}, format="multipart"
    )
    saraf.refresh_from_db()
    with saraf.logo.open("rb") as stored:
        assert b"secret GPS note" not in stored.read()


def test_webp_is_accepted(owner_client, saraf):
    response = owner_client.post(
        DOCUMENTS,
        {"logo": upload("l.webp", image_bytes("WEBP"), "image/webp")},
        format="multipart",
    )
    assert response.status_code == 200


ATTACKS = {
    "text_renamed_png": (b"hello, I am not an image\n" * 10, "invalid_file"),
    "svg_with_script": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "invalid_file",
    ),
    "html_behind_gif_header": (
        b"GIF89a\x01\x00\x01\x00<html><script>alert(1)</script></html>",
        "invalid_file",
    ),
    "real_gif": (image_bytes("GIF"), "invalid_file"),
    "truncated_png": (image_bytes(size=(300, 300))[:200], "invalid_file"),
    "decompression_bomb": (bomb_png(), "invalid_file"),
    "empty": (b"", "invalid_file"),
    "oversized": (b"\x89PNG\r\n\x1a\n" + b"\x00" * (5 * 1024 * 1024), "file_too_large"),
}


@pytest.mark.parametrize("field", ["logo", "wallpaper", "license_document", "id_card"])
@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_upload_attacks_are_refused_and_nothing_is_stored(
    owner_client, saraf, field, attack
):
    data, code = ATTACKS[attack]
    response = owner_client.post(
        DOCUMENTS, {field: upload("innocent.png", data)}, format="multipart"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code
    assert field in error["fields"]
    saraf.refresh_from_db()
    assert not getattr(saraf, field)
    assert stored_files() == []


def test_one_bad_file_stores_none_of_the_others(owner_client, saraf):
    response = owner_client.post(
        DOCUMENTS,
        {"logo": upload("l.png", image_bytes()), "id_card": upload("x.png", b"nope")},
        format="multipart",
    )
    assert response.status_code == 400
    saraf.refresh_from_db()
    assert not saraf.logo
    assert stored_files() == []


def test_licence_pdf_is_stored_privately_and_resets_the_badge(owner_client, saraf):
    saraf.is_license_verified = True
    saraf.save()
    response = owner_client.put(
        DOCUMENTS,
        {"license_document": upload("lic.pdf", PDF, "application/pdf")},
        format="multipart",
    )
    assert response.status_code == 200
    assert response.json()["has_license_document"] is True
    saraf.refresh_from_db()
    assert not saraf.is_license_verified and saraf.license_verified_at is None
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    assert saraf.license_document.name.endswith(".pdf")
    with pytest.raises(ValueError):
        saraf.license_document.url  # noqa: B018


@pytest.mark.parametrize(
    "payload",
    [
        b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
        b"/OpenAction << /S /J#61vaScript /JS (x) >>",
        b"<html><script>alert(1)</script></html>",
        b"/Launch << /F (cmd.exe) >>",
        b"<< /JS (x) >>",
    ],
)
def test_pdf_with_script_or_markup_is_refused(owner_client, saraf, payload):
    data = PDF.replace(b"trailer", payload + b"\ntrailer")
    response = owner_client.post(
        DOCUMENTS,
        {"id_card": upload("id.pdf", data, "application/pdf")},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_file"
    assert stored_files() == []


def test_pdf_is_not_accepted_as_a_logo(owner_client):
    response = owner_client.post(
        DOCUMENTS, {"logo": upload("l.pdf", PDF, "application/pdf")}, format="multipart"
    )
    assert response.status_code == 400


def test_documents_need_edit_profile(employee_client, saraf):
    response = employee_client("chat").post(
        DOCUMENTS, {"logo": upload("l.png", image_bytes())}, format="multipart"
    )
    assert response.status_code == 403
    assert stored_files() == []


def test_documents_need_at_least_one_file(owner_client):
    assert owner_client.post(DOCUMENTS, {}, format="multipart").status_code == 400


def test_documents_refuse_json(owner_client):
    response = owner_client.post(DOCUMENTS, {"logo": "x"}, format="json")
    assert response.status_code == 415


def test_a_string_instead_of_a_file_is_400(owner_client):
    response = owner_client.post(DOCUMENTS, {"logo": "not a file"}, format="multipart")
    assert response.status_code == 400


def test_private_document_download_is_for_owner_and_edit_profile(
    owner_client, employee_client, api_client, saraf
):
    owner_client.post(
        DOCUMENTS,
        {"license_document": upload("lic.pdf", PDF, "application/pdf")},
        format="multipart",
    )
    url = DOCUMENTS + "license_document/"
    response = owner_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert employee_client("edit_profile").get(url).status_code == 200
    assert employee_client("chat").get(url).status_code == 403
    assert api_client.get(url).status_code == 401
    assert owner_client.get(DOCUMENTS + "id_card/").status_code == 404
    assert owner_client.get(DOCUMENTS + "logo/").status_code == 404


def test_private_documents_of_another_saraf_are_unreachable(
    owner_client, other_owner_client
):
    owner_client.post(
        DOCUMENTS,
        {"id_card": upload("id.png", image_bytes())},
        format="multipart",
    )
    assert other_owner_client.get(DOCUMENTS + "id_card/").status_code == 404


def test_public_logo_and_wallpaper(owner_client, api_client, saraf):
    owner_client.post(
        DOCUMENTS,
        {
            "logo": upload("l.png", image_bytes()),
            "wallpaper": upload("w.png", image_bytes()),
        },
        format="multipart",
    )
    for kind in ("logo", "wallpaper"):
        response = api_client.get(f"/api/saraf/{saraf.pk}/{kind}/")
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        Image.open(io.BytesIO(b"".join(response.streaming_content))).verify()
    listed = api_client.get("/api/saraf/list/").json()["results"][0]
    assert listed["logo_url"].endswith(f"/api/saraf/{saraf.pk}/logo/")


def test_public_logo_missing_or_inactive_is_404(api_client, saraf):
    assert api_client.get(f"/api/saraf/{saraf.pk}/logo/").status_code == 404
    saraf.logo = "saraf/logo/gone-from-storage.png"
    saraf.save()
    assert api_client.get(f"/api/saraf/{saraf.pk}/logo/").status_code == 404
    owner_upload = authenticated(saraf=saraf).post(
        DOCUMENTS, {"logo": upload("l.png", image_bytes())}, format="multipart"
    )
    assert owner_upload.status_code == 200
    assert api_client.get(f"/api/saraf/{saraf.pk}/logo/").status_code == 200
    saraf.is_active = False
    saraf.save()
    assert api_client.get(f"/api/saraf/{saraf.pk}/logo/").status_code == 404


def test_replacing_a_logo_deletes_the_old_file(
    owner_client, saraf, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(
            DOCUMENTS, {"logo": upload("a.png", image_bytes())}, format="multipart"
        )
    first = SarafAccount.objects.get(pk=saraf.pk).logo.name
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(
            DOCUMENTS, {"logo": upload("b.png", image_bytes())}, format="multipart"
        )
    saraf.refresh_from_db()
    assert saraf.logo.name != first
    assert [p.name for p in stored_files()] == [Path(saraf.logo.name).name]
