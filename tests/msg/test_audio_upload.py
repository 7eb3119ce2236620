import pytest
from rest_framework.exceptions import ValidationError

from core.uploads import MB, stored_content_type, validate_audio_upload
from tests.msg.media import (
    HTML_BEHIND_GIF,
    M4A,
    MP3_FRAME,
    MP3_ID3,
    OGG_OPUS,
    SVG_WITH_SCRIPT,
    WAV,
    WEBM,
    png_bytes,
    upload,
)


@pytest.mark.parametrize(
    ("data", "extension", "content_type"),
    [
        (OGG_OPUS, "ogg", "audio/ogg"),
        (MP3_ID3, "mp3", "audio/mpeg"),
        (MP3_FRAME, "mp3", "audio/mpeg"),
        (M4A, "m4a", "audio/mp4"),
        (WAV, "wav", "audio/wav"),
        (WEBM, "webm", "audio/webm"),
    ],
)
def test_audio_is_recognised_by_content_and_renamed(data, extension, content_type):
    stored = validate_audio_upload(upload("voice.html", data, "text/html"))
    assert stored.name.endswith(f".{extension}")
    assert "voice" not in stored.name
    assert stored.read() == data
    assert stored_content_type(stored.name) == content_type


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"just some text renamed to .mp3",
        SVG_WITH_SCRIPT,
        HTML_BEHIND_GIF,
        png_bytes(),
        b"OggS",
        b"OggS\x00\x02" + b"\x00" * 60,
        b"ID3",
        b"\xff\xff\xff\xff" + b"\x00" * 10,
        b"\x1a\x45\xdf\xa3\x42\x82\x88matroska" + b"\x00" * 40,
        b"ID3\x04" + b"\x00" * 20 + b"<script>alert(1)</script>",
        OGG_OPUS + b"<html><body>hi</body></html>",
    ],
)
def test_anything_but_audio_is_refused(data):
    with pytest.raises(ValidationError) as refused:
        validate_audio_upload(upload("voice.ogg", data, "audio/ogg"))
    assert refused.value.get_codes() == ["invalid_file"]


def test_audio_over_the_cap_is_refused():
    with pytest.raises(ValidationError) as refused:
        validate_audio_upload(
            upload("voice.ogg", OGG_OPUS + b"\x00" * MB), max_bytes=MB
        )
    assert refused.value.get_codes() == ["file_too_large"]
