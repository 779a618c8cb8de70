"""Draw the programme's link-preview card, static/img/og-card.png (1200×630, Open Graph).

Run once and commit the image; run again only when the card should change. Pages with an
image of their own (an article's lead image, a speaker's photo) use that one instead.
"""

import math
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
BLUE = "#0066cc"  # Bootstrap Italia's primary blue, as in the site's header
DARK = "#17324d"
EU_BLUE = "#003399"
EU_YELLOW = "#ffcc00"
FONTS = Path(settings.BASE_DIR) / "node_modules" / "bootstrap-italia" / "dist" / "fonts"
OUTPUT = Path(settings.BASE_DIR) / "static" / "img" / "og-card.png"


def font(weight, size):
    return ImageFont.truetype(
        str(FONTS / "Titillium_Web" / f"titillium-web-v10-latin-ext_latin-{weight}.ttf"), size
    )


def draw_eu_emblem(draw, left, top, height):
    """The EU emblem by its graphical rules: 3:2, twelve upright stars on a circle."""
    width = height * 3 / 2
    draw.rectangle((left, top, left + width, top + height), fill=EU_BLUE)
    centre_x, centre_y = left + width / 2, top + height / 2
    outer = height / 18
    inner = outer * math.sin(math.radians(18)) / math.sin(math.radians(126))
    for hour in range(12):
        angle = math.radians(-90 + 30 * hour)
        x, y = centre_x + height / 3 * math.cos(angle), centre_y + height / 3 * math.sin(angle)
        points = []
        for corner in range(10):
            radius = outer if corner % 2 == 0 else inner
            turn = math.radians(-90 + 36 * corner)
            points.append((x + radius * math.cos(turn), y + radius * math.sin(turn)))
        draw.polygon(points, fill=EU_YELLOW)


def draw_card():
    # Drawn at twice the size and scaled down, for smooth star edges.
    scale = 2
    image = Image.new("RGB", (WIDTH * scale, HEIGHT * scale), BLUE)
    draw = ImageDraw.Draw(image)
    margin = 80 * scale
    draw.text((margin, 70 * scale), "Lab'Impact", font=font(700, 132 * scale), fill="white")
    draw.text(
        (margin, 250 * scale),
        "I laboratori per le reti territoriali della Lombardia",
        font=font(600, 46 * scale),
        fill="white",
    )
    draw.text(
        (margin, 320 * scale),
        "Integrazione dei migranti con politiche e azioni\ncoprogettate sul territorio",
        font=font(300, 36 * scale),
        fill="white",
        spacing=8 * scale,
    )
    band_top = 470 * scale
    draw.rectangle((0, band_top, WIDTH * scale, HEIGHT * scale), fill="white")
    emblem_height = 90 * scale
    draw_eu_emblem(draw, margin, band_top + 35 * scale, emblem_height)
    text_left = margin + emblem_height * 3 / 2 + 28 * scale
    draw.text(
        (text_left, band_top + 40 * scale),
        "Cofinanziato dall'Unione europea",
        font=font(700, 38 * scale),
        fill=DARK,
    )
    draw.text(
        (text_left, band_top + 88 * scale),
        "Regione Lombardia · ANCI Lombardia · Fondo FAMI",
        font=font("regular", 30 * scale),
        fill=DARK,
    )
    return image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)


class Command(BaseCommand):
    help = "Draw static/img/og-card.png, the link-preview card of pages without an image."

    def handle(self, *args, **options):
        draw_card().save(OUTPUT, optimize=True)
        self.stdout.write(f"Drawn {OUTPUT.relative_to(settings.BASE_DIR)}")
