"""What Amelia gave before her review: a Three Houses drawing and a short letter.

Both are made here rather than shipped, so the demo has realistic attachments without
binary files in the repository: the drawing is painted with Pillow like a felt-tip
picture photographed on a table (and, like a real phone photo, it carries EXIF with a
GPS position, which attaching it strips), the letter is a one-page PDF from reportlab.
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFont

from cinchair.documents.fonts import fonts_dir

# The houses, and what Amelia put in each (her words, as the social worker wrote them).
HOUSES = (
    ("House of Good Things", "#2E7D32", ["Babcia's pierogi", "drawing with Mum", "my cat Kot"]),
    ("House of Worries", "#C62828", ["Mum crying", "shouting at night", "being late"]),
    ("House of Dreams", "#1565C0", ["Mum happy", "swimming club", "Dad visits"]),
)

LETTER = (
    "Dear meeting,",
    "",
    "I am Amelia and I am 9.",
    "I like it better now that Babcia",
    "comes on Tuesdays. Mum is happier",
    "and we did baking.",
    "I still don't like it when there",
    "is shouting.",
    "I want to go to swimming club with",
    "Zofia. I want to see Dad more.",
    "Please don't talk about me being",
    "late, I am trying.",
    "",
    "From Amelia (Amelka) x",
)


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(fonts_dir() / "NotoSans-Bold.ttf"), size)


def three_houses_photo(seed: int = 7) -> bytes:
    """A photographed felt-tip Three Houses drawing, as a JPEG with camera EXIF and GPS."""
    rng = random.Random(seed)
    width, height = 1600, 1200
    photo = Image.new("RGB", (width, height), "#B89B72")  # the kitchen table
    paper = Image.new("RGB", (1480, 1060), "#FBFAF4")
    draw = ImageDraw.Draw(paper)
    for index, (title, colour, things) in enumerate(HOUSES):
        left = 40 + index * 480
        wobble = [rng.randint(-6, 6) for _ in range(8)]
        walls = [
            (left + 30 + wobble[0], 420 + wobble[1]),
            (left + 410 + wobble[2], 420 + wobble[3]),
            (left + 410 + wobble[4], 960 + wobble[5]),
            (left + 30 + wobble[6], 960 + wobble[7]),
        ]
        draw.line([*walls, walls[0]], fill=colour, width=9, joint="curve")
        roof = [walls[0], (left + 220 + rng.randint(-10, 10), 200), walls[1]]
        draw.line(roof, fill=colour, width=9, joint="curve")
        draw.rectangle((left + 180, 820, left + 260, 958), outline=colour, width=7)
        draw.text((left + 30, 110), title, fill=colour, font=_font(34))
        for line, thing in enumerate(things):
            draw.text((left + 60, 470 + line * 95), thing, fill="#333333", font=_font(30))
    draw.ellipse((1360, 18, 1450, 108), outline="#F9A825", width=10)  # a sun
    photo.paste(paper.rotate(-2.5, expand=False, fillcolor="#B89B72"), (60, 70))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Pocket 12"  # Model
    exif[0x0132] = "2026:10:17 16:42:10"  # DateTime
    gps = {1: "N", 2: (55.0, 1.0, 12.5), 3: "W", 4: (1.0, 26.0, 30.2)}  # a street in Tyneside
    exif[0x8825] = gps
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=88, exif=exif)
    return out.getvalue()


def letter_pdf() -> bytes:
    """Amelia's one-page letter to the meeting, as a PDF (typed up by her school)."""
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfgen.canvas import Canvas

    from cinchair.documents.fonts import BODY, register_fonts

    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A5, invariant=True)
    width, height = A5
    canvas.setFillColorRGB(0.99, 0.97, 0.9)
    canvas.rect(0, 0, width, height, stroke=0, fill=1)
    canvas.setFillColorRGB(0.15, 0.2, 0.45)
    canvas.setFont(BODY, 13)
    y = height - 60
    for line in LETTER:
        canvas.drawString(40, y, line)
        y -= 24
    canvas.setStrokeColorRGB(0.8, 0.3, 0.4)
    canvas.setLineWidth(3)
    canvas.circle(width - 80, 90, 30)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
