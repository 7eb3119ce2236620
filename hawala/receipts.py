"""The PDF form of a hawala receipt.

reportlab draws glyphs as they come and knows nothing of Arabic shaping or
right-to-left order, so text in Arabic script (Persian, Pashto names) is
shaped with arabic-reshaper and put in visual order with python-bidi first.
Arabic-script runs use the shipped Noto Naskh Arabic font, every other value
the shipped DejaVu Sans (Latin, Cyrillic, Greek...); both are embedded.
Labels are in Helvetica.
"""

import io
from functools import cache
from pathlib import Path

import arabic_reshaper
from bidi import get_display
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


def _runs(text: str) -> list[tuple[str, str]]:
    """The text in visual order, cut into (font name, text) runs."""
    font = _arabic_font()
    visual = get_display(arabic_reshaper.reshape(text))
    runs: list[tuple[str, str]] = []
    for char in visual:
        name = ARABIC_FONT if _is_arabic_glyph(char, font) else TEXT_FONT
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + char)
        else:
            runs.append((name, char))
    return runs


def _draw(pdf: canvas.Canvas, x: float, y: float, text: str) -> None:
    for name, run in _runs(text):
        pdf.setFont(name, FONT_SIZE)
        pdf.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, name, FONT_SIZE)


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


def receipt_render_pdf(*, receipt: HawalaReceipt, verification_url: str) -> bytes:
    """One A5 page: the hawala, both sarafs, the parties, and a QR code to verify."""
    _arabic_font()
    buffer = io.BytesIO()
    width, height = A5
    pdf = canvas.Canvas(buffer, pagesize=A5)
    pdf.setTitle(f"Hawala receipt {receipt.hawala.hawala_number}")
    pdf.setAuthor("AMU Pay")

    margin = 36
    y = height - margin
    pdf.setFont(LATIN_BOLD, 16)
    pdf.drawString(margin, y, "AMU Pay - Hawala receipt")
    y -= 28
    for label, value in _lines(receipt):
        pdf.setFont(LATIN_BOLD, FONT_SIZE)
        pdf.drawString(margin, y, f"{label}:")
        _draw(pdf, margin + 110, y, str(value))
        y -= 18

    qr_size = 120
    qr = QrCodeWidget(verification_url)
    x0, y0, x1, y1 = qr.getBounds()
    drawing = Drawing(
        qr_size,
        qr_size,
        transform=[qr_size / (x1 - x0), 0, 0, qr_size / (y1 - y0), 0, 0],
    )
    drawing.add(qr)
    renderPDF.draw(drawing, pdf, margin, margin + 40)
    pdf.setFont(LATIN_BOLD, FONT_SIZE)
    pdf.drawString(margin + qr_size + 12, margin + 130, "Verification code:")
    pdf.setFont("Courier", 9)
    pdf.drawString(margin + qr_size + 12, margin + 116, receipt.verification_code)
    pdf.setFont(LATIN_FONT, 7)
    pdf.drawString(margin, margin + 24, f"Verify: {verification_url}")
    pdf.drawString(
        margin,
        margin + 12,
        "Scan the code or open the address to check this receipt is genuine.",
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
