"""The drawing's frame: the year axis, the year lines behind the lanes, the controls and
legend, and the gradients and hatching that every mark shares."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from reports.exports.marks import BASE_WIDTH, Scale

PAD = 10
"""The plot's margin left and right of the axis, in pixels."""


@dataclass(frozen=True)
class KindClass:
    """How the drawing tells a family of kinds: a colour and a glyph of its own, so that
    no kind is told by colour alone, and the word the legend gives it."""

    colour: str
    glyph: str
    """An SVG path about (0, 0), within DOT of it each way."""
    word: str
    kinds: tuple[str, ...]


KIND_CLASSES = {
    "harm": KindClass("#A50026", "M-4.8,-3.6H4.8L0,4.8Z", "harm (returned, detained, refused, "
                      "no protection)", ("returned", "detained", "application_refused",
                                         "no_protection")),
    "safe": KindClass("#1B9E4B", "M-3.9,-3.9H3.9V3.9H-3.9Z", "protection (granted, arrived)",
                      ("asylum_granted", "protection_granted", "arrived")),
    "move": KindClass("#3070C8", "M-4.3,0A4.3,4.3 0 1 0 4.3,0A4.3,4.3 0 1 0 -4.3,0Z",
                      "movement (fled, departed, released)",
                      ("fled_to_mission", "departed_to_third_country", "released")),
    "ask": KindClass("#8C6D00", "M0,-4.8L4.8,0L0,4.8L-4.8,0Z", "asking (asylum, an agency, "
                     "pending)", ("asylum_requested", "agency_contacted", "application_pending")),
    "said": KindClass("#7A8A90", "M-4.6,-1.6H4.6V1.6H-4.6Z", "statement",
                      ("policy_stated", "observation")),
    "fig": KindClass("#4B2A7B", "M0,-4.8L4.8,3.6H-4.8Z", "figure reported", ("figure_reported",)),
}  # fmt: skip
"""The one table from kinds to how they are drawn. Checked for red-green colour blindness
(tests/unit/test_drawing_marks.py): every two colours stay apart when deuteranopia or
protanopia is simulated, and each stands out from the white page (3:1)."""
KIND_CLASS = {kind: name for name, family in KIND_CLASSES.items() for kind in family.kinds}
KEY_KINDS = tuple(
    kind for name in ("harm", "safe", "move", "ask") for kind in KIND_CLASSES[name].kinds
)
"""The key events: what happened to people (harm, protection, movement, asking), not what
was said or counted about them; `timeline export --key-events` keeps only these."""
UNKNOWN_CLASS = "said"
"""A kind the table does not name (a newer vocabulary's) is drawn as a statement."""


def class_of(kind: str) -> str:
    return KIND_CLASS.get(kind, UNKNOWN_CLASS)


def colour_css() -> str:
    """Each class's colour, for the marks, the legend and the gradients."""
    return "".join(
        f".c-{name} {{ --c: {k.colour}; fill: var(--c); }}" for name, k in KIND_CLASSES.items()
    )


def grid(scale: Scale, width: float) -> str:
    """A line at the start of every year (of every 2, 5, 10, ... for long spans), behind
    every lane."""
    step = _step(len(scale.years), 60)
    lines = "".join(
        f'<rect x="{PAD + x:.1f}" width="1" height="100%"/>'
        for year, x in _year_starts(scale)
        if year % step == 0
    )
    return (
        f'<svg class="tl-grid" width="{width:.1f}" height="100%" viewBox="0 0 {width:.1f} 100" '
        f'preserveAspectRatio="none" aria-hidden="true">{lines}</svg>'
    )


MONTHS_UP_TO = 60
"""Records of up to this many years carry month and quarter ticks, shown when zoomed in."""
_MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
           "Dec")  # fmt: skip


def axis(scale: Scale, width: float) -> str:
    """The years above the lanes, every one labelled that has room at zoom 1, and the
    months of each year (quarters first), which zooming in shows; the corner says where
    the view begins, for the label it would cut."""
    step = _step(len(scale.years), BASE_WIDTH / 40)
    labels = [
        f'<text class="y{"" if year % step == 0 else " tl-hidden"}" x="{PAD + x + 2:.1f}" '
        f'y="15" data-year="{year}">{year}</text>'
        for year, x in _year_starts(scale)
    ]
    if len(scale.years) <= MONTHS_UP_TO:
        labels += [
            f'<text class="mo tl-hidden" x="{PAD + scale.x(date(year, month, 1)) + 2:.1f}" '
            f'y="15" data-month="{month}">{_MONTHS[month]}</text>'
            for year in scale.years
            for month in range(2, 13)
        ]
    return (
        '<thead class="tl-axisrow"><tr class="tl-axisin"><td class="tl-corner">'
        '<span class="tl-now" aria-hidden="true"></span></td><td class="tl-cell">'
        f'<svg class="tl-axis" width="{width:.1f}" height="22" viewBox="0 0 {width:.1f} 22" '
        f'aria-hidden="true">{"".join(labels)}</svg></td></tr></thead>'
    )


def overview(scale: Scale) -> str:
    """The whole record as a bar, and on it the part the view shows."""
    first, last = scale.years[0], scale.years[-1]
    return (
        f'<div class="tl-overview" title="The part of {first} to {last} in view">'
        f'<span>{first}</span><div class="tl-track"><div class="tl-window"></div></div>'
        f"<span>{last}</span></div>"
    )


def _year_starts(scale: Scale) -> Iterator[tuple[int, float]]:
    for year in scale.years:
        yield year, scale.x(scale.first.replace(year=year))


def _step(years: int, most: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... years that shows at most `most` ticks."""
    step, factors = 1, [2, 2.5, 2]
    while years / step > most:
        step = int(step * factors[0])
        factors.append(factors.pop(0))
    return step


def controls(scale: Scale) -> str:
    """Zoom, a period to fit (a year, or a decade over long records), collapse, the legend."""
    years = list(scale.years)
    size = 1 if len(years) <= 40 else 10
    options = ['<option value="">Whole record</option>']
    for first in range(years[0] - years[0] % size, years[-1] + 1, size):
        start = scale.x(max(scale.first, scale.first.replace(year=first)))
        end = scale.x(min(scale.end, scale.first.replace(year=first + size)))
        name = str(first) if size == 1 else f"{first}s"
        options.append(f'<option value="{start:.1f} {end:.1f}">{name}</option>')
    return (
        '<div class="tl-controls" role="toolbar" aria-label="Timeline">'
        '<button type="button" data-act="in">Zoom in</button>'
        '<button type="button" data-act="out">Zoom out</button>'
        f'<label>Period <select data-act="period">{"".join(options)}</select></label>'
        '<button type="button" data-act="collapse">Collapse lanes</button>'
        '<button type="button" data-act="expand">Expand lanes</button>'
        '<span class="tl-showing" aria-live="polite"></span>'
        f"</div>{LEGEND}"
    )


def _gradients() -> str:
    stops = '<stop offset="0" stop-opacity="{}"/><stop offset="1" stop-opacity="{}"/>'
    out = []
    for name in KIND_CLASSES:
        for way, (a, b) in (("in", (0, 1)), ("out", (1, 0))):
            out.append(
                f'<linearGradient id="tl-{way}-{name}" class="c-{name}">'
                + stops.format(a, b)
                + "</linearGradient>"
            )
        out.append(
            f'<pattern id="tl-w-{name}" class="c-{name}" width="4" height="2" '
            'patternUnits="userSpaceOnUse"><rect width="2" height="2"/></pattern>'
        )
        out.append(f'<path id="tl-g-{name}" d="{KIND_CLASSES[name].glyph}"/>')
    return "".join(out)


DEFS = (
    '<svg class="tl-defs" width="0" height="0" aria-hidden="true"><defs>'
    + _gradients()
    + '<pattern id="tl-hatch" width="5" height="5" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="2" height="5" fill="#fff" fill-opacity=".8"/>'
    "</pattern></defs></svg>"
)


def _swatch(name: str) -> str:
    return (
        f'<svg width="12" height="12" viewBox="-6 -6 12 12" aria-hidden="true">'
        f'<use class="c-{name}" href="#tl-g-{name}"/></svg>'
    )


LEGEND = (
    '<div class="tl-legend" role="note" aria-label="How the drawing tells kinds and dates">'
    '<span class="tl-kinds">'
    + "".join(f"<span>{_swatch(n)}{k.word}</span>" for n, k in KIND_CLASSES.items())
    + '</span><span class="tl-dates"><span><svg width="24" height="10" aria-hidden="true">'
    '<rect class="c-move" width="24" height="10"/></svg>a month or a year</span>'
    '<span><svg width="36" height="10" aria-hidden="true"><rect width="12" height="10" '
    'fill="url(#tl-in-move)"/><rect class="c-move" x="12" width="12" height="10"/>'
    '<rect x="24" width="12" height="10" fill="url(#tl-out-move)"/></svg>from some time in '
    'a year to some time in another</span><span><svg width="36" height="10" aria-hidden="true">'
    '<rect y="4" width="24" height="2" fill="url(#tl-w-move)"/><rect class="c-move" x="24" '
    'width="12" height="10"/></svg>open or known only to its decade (thin, dotted)</span>'
    '<span><svg width="24" height="10" aria-hidden="true"><rect class="c-move" width="24" '
    'height="10"/><rect width="24" height="10" fill="url(#tl-hatch)"/></svg>approximate or '
    "uncertain</span><span><b>disputed</b>, <b>corrected</b>, <b>retracted</b>: said beside "
    "the mark</span></span></div>"
)
