"""The PDF form of a hawala receipt.

reportlab draws glyphs as they come and knows nothing of Arabic shaping or
right-to-left order, so text in Arabic script (Persian, Pashto names) is
shaped with arabic-reshaper and put in visual order with python-bidi first.
Arabic-script runs use the shipped Noto Naskh Arabic font, every other value
the shipped DejaVu Sans (Latin, Cyrillic, Greek...); both are embedded.
Labels are in Helvetica.
"""

import io
import unicodedata
from functools import cache
from pathlib import Path

import arabic_reshaper

# python-bidi's pure-Python algorithm: the default (Rust) get_display reorders
# without mirroring, so "(" in a right-to-left name came out facing away from
# its text.
from bidi.algorithm import get_display
from django.utils import timezone
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A5
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from core.money import format_amount
from hawala.models import HawalaReceipt, HawalaTransaction

FONTS_DIR = Path(__file__).parent / "fonts"
ARABIC_FONT = "NotoNaskhArabic"
TEXT_FONT = "DejaVuSans"
LATIN_FONT = "Helvetica"
LATIN_BOLD = "Helvetica-Bold"
FONT_SIZE = 10
MIN_FONT_SIZE = 5
LEADING = 1.25  # line height inside a wrapped value, in font sizes
ROW_ADVANCE = 1.8  # from one row's last line to the next row, in font sizes
DESCENT = 0.3  # how far the fonts reach below the baseline, in font sizes


@cache
def _arabic_font() -> TTFont:
    font = TTFont(ARABIC_FONT, str(FONTS_DIR / "NotoNaskhArabic-Regular.ttf"))
    pdfmetrics.registerFont(font)
    pdfmetrics.registerFont(TTFont(TEXT_FONT, str(FONTS_DIR / "DejaVuSans.ttf")))
    return font


def _is_arabic_glyph(char: str, font: TTFont) -> bool:
    code = ord(char)
    in_arabic_blocks = (
        0x0600 <= code <= 0x06FF
        or 0x0750 <= code <= 0x077F
        or 0xFB50 <= code <= 0xFDFF
        or 0xFE70 <= code <= 0xFEFF
    )
    return in_arabic_blocks and code in font.face.charToGlyph


def _font_name(char: str) -> str:
    return ARABIC_FONT if _is_arabic_glyph(char, _arabic_font()) else TEXT_FONT


@cache
def _char_width(char: str, size: float) -> float:
    return pdfmetrics.stringWidth(char, _font_name(char), size)


def _width(text: str, size: float) -> float:
    return sum(_char_width(char, size) for char in text)


def _is_rtl(text: str) -> bool:
    """Whether the first strongly directional character is right-to-left."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def _wrap(text: str, max_width: float, size: float) -> list[str]:
    """Text cut into lines no wider than max_width, at spaces where it can,
    inside a word where the word alone is too wide. The lines are shaped
    (arabic-reshaper, so a letter keeps its joined form across a cut) and
    still in logical order."""
    lines: list[str] = []
    line, line_width = "", 0.0
    space = _char_width(" ", size)
    for word in arabic_reshaper.reshape(text).split(" "):
        word_width = _width(word, size)
        if line and line_width + space + word_width <= max_width:
            line, line_width = f"{line} {word}", line_width + space + word_width
            continue
        if line:
            lines.append(line)
        while word_width > max_width:
            cut, cut_width = 1, _char_width(word[0], size)
            while cut_width + _char_width(word[cut], size) <= max_width:
                cut_width += _char_width(word[cut], size)
                cut += 1
            lines.append(word[:cut])
            word, word_width = word[cut:], word_width - cut_width
        line, line_width = word, word_width
    lines.append(line)
    return lines


def _runs(visual: str) -> list[tuple[str, str]]:
    """Text already in visual order cut into (font name, text) runs."""
    runs: list[tuple[str, str]] = []
    for char in visual:
        name = _font_name(char)
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + char)
        else:
            runs.append((name, char))
    return runs


def _draw(pdf: canvas.Canvas, x: float, y: float, visual: str, size: float) -> None:
    for name, run in _runs(visual):
        pdf.setFont(name, size)
        pdf.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, name, size)


def _draw_block(
    pdf: canvas.Canvas, x: float, y: float, width: float, lines: list[str], size: float
) -> None:
    """Draw wrapped lines from baseline y down; a right-to-left value is put in
    visual order line by line and aligned to the right edge."""
    rtl = _is_rtl("".join(lines))
    for line in lines:
        visual = get_display(line, base_dir="R" if rtl else "L")
        offset = width - _width(visual, size) if rtl else 0
        _draw(pdf, x + offset, y, visual, size)
        y -= size * LEADING


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M (UTC%z)")


def _lines(receipt: HawalaReceipt) -> list[tuple[str, str]]:
    hawala = receipt.hawala
    minor_units = hawala.currency.minor_units
    if hawala.mode == HawalaTransaction.Mode.EXTERNAL_SENDER:
        sending, receiving = (
            f"{hawala.source_name} (outside AMU Pay)",
            (hawala.saraf.name),
        )
    elif hawala.mode == HawalaTransaction.Mode.EXTERNAL_RECEIVER:
        sending = hawala.saraf.name
        receiving = f"{hawala.destination_name} (outside AMU Pay)"
    else:
        sending, receiving = hawala.saraf.name, hawala.destination_saraf.name
    lines = [
        ("Hawala number", hawala.hawala_number),
        ("Status", hawala.status),
        ("Date", _when(hawala.created_at)),
        ("Sending saraf", sending),
    ]
    if hawala.mode != HawalaTransaction.Mode.EXTERNAL_SENDER:
        # What the public lookup asks for when the number alone is ambiguous.
        lines.append(("Sending saraf id", str(hawala.saraf_id)))
    lines += [
        ("Receiving saraf", receiving),
        ("Sender", hawala.sender_name),
        ("Sender phone", hawala.sender_phone or "-"),
        ("Receiver", hawala.receiver_name),
        ("Receiver phone", hawala.receiver_phone or "-"),
        ("Amount", f"{format_amount(hawala.amount, minor_units)} {hawala.currency_id}"),
    ]
    if receipt.saraf_id == hawala.saraf_id:
        lines.append(
            ("Fee", f"{format_amount(hawala.fee, minor_units)} {hawala.currency_id}")
        )
    if hawala.paid_at:
        lines.append(("Paid out", _when(hawala.paid_at)))
    return lines


def _layout(
    rows: list[tuple[str, str]], value_width: float, room: float
) -> tuple[float, list[tuple[str, list[str]]]]:
    """The largest font size (down to MIN_FONT_SIZE) at which every row, wrapped
    to value_width, reaches at most room below the first baseline; with that
    size's lines."""
    size = FONT_SIZE
    while True:
        wrapped = [(label, _wrap(value, value_width, size)) for label, value in rows]
        advance = sum(_row_height(len(lines), size) for _, lines in wrapped)
        # The last row's own advance is not needed, its descenders are.
        extent = advance - size * (ROW_ADVANCE - DESCENT)
        if extent <= room or size <= MIN_FONT_SIZE:
            return size, wrapped
        size -= 0.5


def _row_height(line_count: int, size: float) -> float:
    return size * (LEADING * (line_count - 1) + ROW_ADVANCE)


def receipt_render_pdf(*, receipt: HawalaReceipt, verification_url: str) -> bytes:
    """One A5 page: the hawala, both sarafs, the parties, and a QR code to verify.

    Long values (names up to 200 characters) wrap inside the margins; when the
    rows would reach the QR code, the font shrinks until they fit."""
    _arabic_font()
    buffer = io.BytesIO()
    width, height = A5
    pdf = canvas.Canvas(buffer, pagesize=A5)
    pdf.setTitle(f"Hawala receipt {receipt.hawala.hawala_number}")
    pdf.setAuthor("AMU Pay")

    margin = 36
    qr_size = 120
    footer = [
        *_wrap(f"Verify: {verification_url}", width - 2 * margin, 7),
        "Scan the code or open the address to check this receipt is genuine.",
    ]
    qr_y = margin + 12 * len(footer) + 16
    value_x = margin + 110
    value_width = width - margin - value_x

    y = height - margin
    pdf.setFont(LATIN_BOLD, 16)
    pdf.drawString(margin, y, "AMU Pay - Hawala receipt")
    y -= 28
    # The rows' lowest descenders stay 12 pt above the QR code.
    room = y - (qr_y + qr_size + 12)
    size, rows = _layout(_lines(receipt), value_width, room)
    for label, lines in rows:
        pdf.setFont(LATIN_BOLD, size)
        pdf.drawString(margin, y, f"{label}:")
        _draw_block(pdf, value_x, y, value_width, lines, size)
        y -= _row_height(len(lines), size)

    qr = QrCodeWidget(verification_url)
    x0, y0, x1, y1 = qr.getBounds()
    drawing = Drawing(
        qr_size,
        qr_size,
        transform=[qr_size / (x1 - x0), 0, 0, qr_size / (y1 - y0), 0, 0],
    )
    drawing.add(qr)
    renderPDF.draw(drawing, pdf, margin, qr_y)
    pdf.setFont(LATIN_BOLD, FONT_SIZE)
    pdf.drawString(margin + qr_size + 12, qr_y + 90, "Verification code:")
    pdf.setFont("Courier", 9)
    pdf.drawString(margin + qr_size + 12, qr_y + 76, receipt.verification_code)
    pdf.setFont(LATIN_FONT, 7)
    for index, line in enumerate(reversed(footer)):
        pdf.drawString(margin, margin + 12 * (index + 1), line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
