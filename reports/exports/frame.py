"""The drawing's frame: the year axis, the year lines behind the lanes, the controls and
legend, and the gradients and hatching that every mark shares."""

from __future__ import annotations

from collections.abc import Iterator

from reports.exports.marks import BASE_WIDTH, Scale

PAD = 10
"""The plot's margin left and right of the axis, in pixels."""
COLOURS = {
    "move": ("fled_to_mission", "departed_to_third_country", "arrived", "returned"),
    "asylum": (
        "asylum_requested",
        "asylum_granted",
        "agency_contacted",
        "application_pending",
        "application_refused",
        "protection_granted",
        "no_protection",
        "detained",
        "released",
    ),
    "said": ("policy_stated", "observation"),
    "fig": ("figure_reported",),
}
"""A colour for each family of kinds: people moving, asking for asylum, what was said, figures."""


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


def axis(scale: Scale, width: float) -> str:
    """The years above the lanes, every one labelled that has room at zoom 1."""
    step = _step(len(scale.years), BASE_WIDTH / 40)
    labels = "".join(
        f'<text class="y{"" if year % step == 0 else " tl-hidden"}" x="{PAD + x + 2:.1f}" '
        f'y="15" data-year="{year}">{year}</text>'
        for year, x in _year_starts(scale)
    )
    return (
        '<div class="tl-axisrow"><div class="tl-corner"></div>'
        f'<svg class="tl-axis" width="{width:.1f}" height="22" viewBox="0 0 {width:.1f} 22" '
        f'aria-hidden="true">{labels}</svg></div>'
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
        f"{LEGEND}</div>"
    )


def _gradients() -> str:
    stops = '<stop offset="0" stop-opacity="{}"/><stop offset="1" stop-opacity="{}"/>'
    out = []
    for colour in COLOURS:
        for way, (a, b) in (("in", (0, 1)), ("out", (1, 0))):
            out.append(
                f'<linearGradient id="tl-{way}-{colour}" class="c-{colour}">'
                + stops.format(a, b)
                + "</linearGradient>"
            )
    return "".join(out)


DEFS = (
    '<svg class="tl-defs" width="0" height="0" aria-hidden="true"><defs>'
    + _gradients()
    + '<pattern id="tl-hatch" width="5" height="5" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="2" height="5" fill="#fff" fill-opacity=".8"/>'
    "</pattern></defs></svg>"
)

LEGEND = (
    '<span class="tl-legend" aria-label="How dates are drawn">'
    '<svg width="14" height="10" aria-hidden="true"><circle class="c-move" cx="6" cy="5" r="4"/>'
    "</svg>a day "
    '<svg width="24" height="10" aria-hidden="true"><rect class="c-move" width="24" height="10"/>'
    "</svg>a month or a year "
    '<svg width="36" height="10" aria-hidden="true"><rect width="12" height="10" '
    'fill="url(#tl-in-move)"/><rect class="c-move" x="12" width="12" height="10"/>'
    '<rect x="24" width="12" height="10" fill="url(#tl-out-move)"/></svg>an interval whose ends '
    "are known to a month or a year, or open "
    '<svg width="24" height="10" aria-hidden="true"><rect class="c-move" width="24" height="10"/>'
    '<rect width="24" height="10" fill="url(#tl-hatch)"/></svg>approximate or uncertain '
    '<svg width="14" height="10" aria-hidden="true"><rect class="c-move" width="14" height="10"/>'
    '</svg>movement <svg width="14" height="10" aria-hidden="true"><rect class="c-asylum" '
    'width="14" height="10"/></svg>asylum <svg width="14" height="10" aria-hidden="true">'
    '<rect class="c-said" width="14" height="10"/></svg>statement '
    '<svg width="14" height="10" aria-hidden="true"><rect class="c-fig" width="14" height="10"/>'
    "</svg>figure reported</span>"
)
