"""Real and fake media for upload tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

OGG_OPUS = b"OggS\x00\x02" + b"\x00" * 22 + b"\x01\x13OpusHead" + b"\x01" * 40
MP3_ID3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 400
MP3_FRAME = b"\xff\xfb\x90\x64" + b"\x00" * 400
M4A = b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom" + b"\x00" * 200
WAV = b"RIFF\x24\x08\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00" + b"\x00" * 200
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm" + b"\x00" * 100

SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)
HTML_BEHIND_GIF = b"GIF89a<html><script>alert(document.cookie)</script></html>"


def png_bytes(size=(32, 24), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def decompression_bomb() -> bytes:
    """A small PNG that claims far more pixels than any image may have."""
    out = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(out, format="PNG")
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)
