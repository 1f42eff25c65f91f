"""Charts as pictures for the Word files: the SVG the pages and PDFs draw
(``templates/charts/``), turned into PNG by CairoSVG. Word shows no SVG without a PNG to
fall back on, so the PNG is what goes in. CairoSVG needs the system's libcairo (Debian's
libcairo2, which LibreOffice and Chromium bring along): where it is missing, ``png_of``
gives None and the Word file says where the chart is instead."""

from django.template.loader import render_to_string

#: The font the charts' words are set in: the Word files' own (Liberation Serif has Times
#: New Roman's metrics and every Vietnamese letter).
FONT = "Liberation Serif"


def png_of(template: str, context: dict, *, scale: float = 2) -> bytes | None:
    """The chart ``template`` drawn with ``context``, as PNG at ``scale`` times its size
    (sharp when printed); None when libcairo cannot be loaded."""
    try:
        import cairosvg
    except OSError:  # cairocffi found no libcairo
        return None
    svg = render_to_string(template, {"chart_font": FONT, **context})
    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)
