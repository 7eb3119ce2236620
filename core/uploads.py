"""Uploaded files, judged by their content, never by their name or content type.

An image must open and fully decode with Pillow, in an allowed format, within a
pixel budget; it is then re-encoded (metadata and anything smuggled beside the
pixels are dropped) and stored under a random name. A document is such an image
or a PDF without HTML, script or launch actions. Every refusal is a DRF
`ValidationError` with code `invalid_file` or `file_too_large`, so a serializer
field answers 400 with that code and the field's name.

Private files (licences, ID cards) go to `private_storage()`: the `private`
entry of STORAGES when configured (e.g. a non-public S3 bucket), otherwise a
directory beside MEDIA_ROOT that no `/media/` rule can serve.
"""

import io
import re
import uuid
import warnings
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import cached_property
from PIL import Image, ImageOps, UnidentifiedImageError
from rest_framework import serializers

MB = 1024 * 1024
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_IMAGE_PIXELS = 40_000_000
PDF_MAGIC = b"%PDF-"
# Markup and active content that a stored document must never carry: a PDF that
# a browser or reader could be talked into running as a page or a program.
FORBIDDEN_DOCUMENT_MARKERS = (
    re.compile(rb"<\s*(?:html|script|svg|iframe|object|embed|!doctype)", re.I),
    re.compile(rb"/(?:JavaScript|Launch|EmbeddedFile|RichMedia)\b"),
)
# Short names are only looked for outside streams: inside compressed stream
# bytes they would match by chance.
FORBIDDEN_PDF_DICTIONARY_NAMES = re.compile(rb"/(?:JS|XFA)\b")
PDF_STREAM_START = re.compile(rb"stream\r?\n")
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PILLOW_ERRORS = (
    UnidentifiedImageError,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
    OSError,
    SyntaxError,
    ValueError,
    TypeError,
    EOFError,
    IndexError,
    KeyError,
)


def _invalid(message="This file is not an accepted image or document."):
    return serializers.ValidationError(message, code="invalid_file")


def _read_capped(file, *, max_bytes: int) -> bytes:
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise _too_large(max_bytes)
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    if not data:
        raise _invalid("The file is empty.")
    return data


def _too_large(max_bytes):
    return serializers.ValidationError(
        f"The file is larger than {max_bytes // MB} MB.", code="file_too_large"
    )


def _random_name(extension: str) -> str:
    return f"{uuid.uuid4().hex}.{extension}"


def _open_image(data: bytes, *, formats) -> Image.Image:
    """Open, verify, then reopen and decode every pixel; refuse anything odd."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            probe = Image.open(io.BytesIO(data))
            if probe.format not in formats:
                raise _invalid("Only JPEG, PNG and WEBP images are accepted.")
            width, height = probe.size
            if width < 1 or height < 1 or width * height > MAX_IMAGE_PIXELS:
                raise _invalid("The image dimensions are not acceptable.")
            probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
        except serializers.ValidationError:
            raise
        except PILLOW_ERRORS:
            raise _invalid() from None
    return image


def _reencode(image: Image.Image, *, max_side: int | None) -> tuple[bytes, str]:
    source_format = image.format
    try:
        image = ImageOps.exif_transpose(image)
        if source_format == "JPEG":
            image = image.convert("RGB")
        elif image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA")
        image.info = {}
        if max_side:
            image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        options = {"quality": 88} if source_format in ("JPEG", "WEBP") else {}
        image.save(out, format=source_format, **options)
    except PILLOW_ERRORS:
        raise _invalid() from None
    return out.getvalue(), IMAGE_FORMATS[source_format]


def validate_image_upload(
    file, *, max_bytes: int = 5 * MB, max_side: int | None = None
) -> ContentFile:
    """A clean re-encoded copy of an uploaded JPEG/PNG/WEBP, at most `max_side` px.

    Raises a DRF ValidationError (`invalid_file` or `file_too_large`).
    """
    data = _read_capped(file, max_bytes=max_bytes)
    image = _open_image(data, formats=IMAGE_FORMATS)
    encoded, extension = _reencode(image, max_side=max_side)
    return ContentFile(encoded, name=_random_name(extension))


def outside_streams(data: bytes) -> bytes:
    """The bytes with each `stream ... endstream` cut out, reading every byte
    once (a lazy `stream.*?endstream` pattern rescans to the end from each
    unterminated `stream`: hours for a 5 MB upload of them)."""
    kept, pos = [], 0
    while start := PDF_STREAM_START.search(data, pos):
        end = data.find(b"endstream", start.end())
        if end == -1:
            break
        kept.append(data[pos : start.start()])
        pos = end + len(b"endstream")
    kept.append(data[pos:])
    return b"".join(kept)


def _check_pdf(data: bytes) -> None:
    unescaped = PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)
    for marker in FORBIDDEN_DOCUMENT_MARKERS:
        if marker.search(data) or marker.search(unescaped):
            raise _invalid("This PDF carries scripts, markup or embedded programs.")
    if FORBIDDEN_PDF_DICTIONARY_NAMES.search(outside_streams(unescaped)):
        raise _invalid("This PDF carries scripts, markup or embedded programs.")
    if b"%%EOF" not in data[-1024:]:
        raise _invalid("This PDF is incomplete.")


def validate_document_upload(file, *, max_bytes: int = 5 * MB) -> ContentFile:
    """A scanned document: a PDF without active content, or an image (re-encoded).

    Raises a DRF ValidationError (`invalid_file` or `file_too_large`).
    """
    data = _read_capped(file, max_bytes=max_bytes)
    if data.startswith(PDF_MAGIC):
        _check_pdf(data)
        return ContentFile(data, name=_random_name("pdf"))
    image = _open_image(data, formats=IMAGE_FORMATS)
    encoded, extension = _reencode(image, max_side=None)
    return ContentFile(encoded, name=_random_name(extension))


def _is_mp3_frame(data: bytes) -> bool:
    """An MPEG audio frame header: sync bits, then a real version, layer,
    bitrate and sampling rate."""
    if len(data) < 4 or data[0] != 0xFF or data[1] & 0xE0 != 0xE0:
        return False
    version, layer = (data[1] >> 3) & 0b11, (data[1] >> 1) & 0b11
    bitrate, sampling = data[2] >> 4, (data[2] >> 2) & 0b11
    return version != 0b01 and layer != 0 and bitrate != 0b1111 and sampling != 0b11


def _audio_extension(data: bytes) -> str | None:
    head = data[:64]
    if (
        head.startswith(b"OggS")
        and head[4:5] == b"\x00"
        and (b"OpusHead" in head or b"\x01vorbis" in head)
    ):
        return "ogg"
    if head[:4] in (b"ID3\x02", b"ID3\x03", b"ID3\x04") or _is_mp3_frame(head):
        return "mp3"
    if head[4:8] == b"ftyp":
        return "m4a"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "wav"
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in data[:4096]:
        return "webm"
    return None


def validate_audio_upload(file, *, max_bytes: int = 10 * MB) -> ContentFile:
    """A voice message: Ogg (Opus/Vorbis), MP3, M4A/MP4, WAV or WebM by its magic
    numbers, with no markup anywhere in it; stored as is under a random name.

    Raises a DRF ValidationError (`invalid_file` or `file_too_large`).
    """
    data = _read_capped(file, max_bytes=max_bytes)
    extension = _audio_extension(data)
    if extension is None:
        raise _invalid("Only Ogg, MP3, M4A, WAV and WebM audio is accepted.")
    if FORBIDDEN_DOCUMENT_MARKERS[0].search(data):
        raise _invalid("This audio file carries markup.")
    return ContentFile(data, name=_random_name(extension))


CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "ogg": "audio/ogg",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "wav": "audio/wav",
    "webm": "audio/webm",
}


def stored_content_type(name: str) -> str:
    """The content type of a file stored by this module (from its own extension)."""
    return CONTENT_TYPES.get(Path(name).suffix.lstrip(".").lower(), "")


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT (default: `private_media` beside MEDIA_ROOT)."""

    @cached_property
    def base_location(self):
        return getattr(settings, "PRIVATE_MEDIA_ROOT", None) or str(
            Path(settings.MEDIA_ROOT).parent / "private_media"
        )

    @cached_property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no public URL.")


_private_filesystem = PrivateFileSystemStorage()


def private_storage():
    return (
        storages["private"] if "private" in settings.STORAGES else _private_filesystem
    )
