"""Photos from a phone, made fit to keep: turned upright, made at most 1600 px on their
long side, saved again without their EXIF data (the phone's place, its serial number,
the moment). Pillow does the work."""

from io import BytesIO
from pathlib import Path

from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

LONGEST_SIDE = 1600
PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".png"}


class NotAPhoto(ValueError):
    pass


def prepared_photo(upload) -> tuple[ContentFile, int, int]:
    """The upload as a new file without metadata, and its width and height. A PNG stays
    a PNG (a screenshot keeps its sharp text); anything else becomes a JPEG."""
    try:
        with Image.open(upload) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise NotAPhoto(str(error)) from error
    upright.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    out = BytesIO()
    stem = Path(upload.name).stem[:100] or "anh"
    if (upload.name or "").lower().endswith(".png"):
        # Saved anew from the pixels alone: no text chunks, no EXIF.
        upright.save(out, format="PNG", optimize=True)
        name = f"{stem}.png"
    else:
        upright.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
        name = f"{stem}.jpg"
    return ContentFile(out.getvalue(), name=name), upright.width, upright.height
