"""core.uploads directly: every image mode re-encodes or is refused, never a crash."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.exceptions import ValidationError

from core.uploads import (
    MB,
    outside_streams,
    stored_content_type,
    validate_document_upload,
    validate_image_upload,
)


def encoded(mode, fmt, size=(40, 30), **options):
    out = io.BytesIO()
    Image.new(mode, size).save(out, format=fmt, **options)
    return out.getvalue()


CASES = [
    ("1", "PNG"),
    ("L", "PNG"),
    ("LA", "PNG"),
    ("P", "PNG"),
    ("RGBA", "PNG"),
    ("I;16", "PNG"),
    ("RGB", "JPEG"),
    ("L", "JPEG"),
    ("CMYK", "JPEG"),
    ("RGB", "WEBP"),
    ("RGBA", "WEBP"),
]


@pytest.mark.parametrize("mode, fmt", CASES)
def test_every_common_mode_is_reencoded_to_an_image_pillow_can_read(mode, fmt):
    data = encoded(mode, fmt)
    clean = validate_image_upload(
        SimpleUploadedFile("x", data), max_bytes=MB, max_side=16
    )
    image = Image.open(io.BytesIO(clean.read()))
    image.load()
    assert image.format == fmt
    assert max(image.size) <= 16
    assert stored_content_type(clean.name) == f"image/{fmt.lower()}"


def test_palette_transparency_survives():
    image = Image.new("P", (10, 10))
    out = io.BytesIO()
    image.save(out, format="PNG", transparency=0)
    clean = validate_image_upload(SimpleUploadedFile("x", out.getvalue()))
    assert Image.open(io.BytesIO(clean.read())).mode == "RGBA"


def test_bytes_after_the_image_are_dropped():
    data = encoded("RGB", "PNG") + b"<script>alert(1)</script>"
    clean = validate_image_upload(SimpleUploadedFile("x", data))
    assert b"<script>" not in clean.read()


def test_names_are_random():
    data = encoded("RGB", "PNG")
    names = {validate_image_upload(SimpleUploadedFile("x", data)).name for _ in "ab"}
    assert len(names) == 2


def test_size_is_checked_even_without_a_size_attribute():
    class Stream(io.BytesIO):
        pass

    with pytest.raises(ValidationError) as refused:
        validate_image_upload(Stream(b"x" * 2048), max_bytes=1024)
    assert refused.value.get_codes() == ["file_too_large"]


def test_a_plain_pdf_is_a_document_but_not_an_image():
    pdf = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF"
    clean = validate_document_upload(SimpleUploadedFile("x.png", pdf))
    assert clean.name.endswith(".pdf") and clean.read() == pdf
    with pytest.raises(ValidationError):
        validate_image_upload(SimpleUploadedFile("x.pdf", pdf))


def test_a_truncated_pdf_is_refused():
    with pytest.raises(ValidationError):
        validate_document_upload(SimpleUploadedFile("x", b"%PDF-1.7\n1 0 obj <<"))


def test_pdf_compressed_streams_do_not_trigger_the_short_name_check():
    stream = b"stream\n" + b"/JS garbage in compressed bytes" + b"\nendstream\n"
    pdf = b"%PDF-1.7\n1 0 obj << /Length 30 >>\n" + stream + b"endobj\n%%EOF"
    assert validate_document_upload(SimpleUploadedFile("x", pdf)).name.endswith(".pdf")


@pytest.mark.parametrize(
    "data",
    [
        b"a stream\nX endstream b",
        b"stream\r\n/JS endstream /JS",
        b"stream\n/JS",
        b"stream\nA endstream stream\nB endstream tail",
        b"endstream\nstream\nx endstream",
        b"no streams at all /XFA",
    ],
)
def test_outside_streams_cuts_what_the_lazy_pattern_cut(data):
    lazy = re.compile(rb"stream\r?\n.*?endstream", re.S)
    assert outside_streams(data) == lazy.sub(b"", data)


def test_a_pdf_full_of_unterminated_streams_is_judged_in_one_pass():
    """200,000 `stream` openers: the lazy pattern would rescan ~1.4 MB from each."""
    pdf = b"%PDF-1.7\n" + b"stream\n" * 200_000 + b"/JS\n%%EOF"
    with pytest.raises(ValidationError):
        validate_document_upload(SimpleUploadedFile("x", pdf))
