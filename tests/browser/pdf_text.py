"""The text of each page of a PDF that Chromium prints, enough to tell what a page shows.

Reads each page's content stream and maps its glyphs back to characters with the fonts'
ToUnicode tables, in the order they are drawn, with nothing between them. Not a PDF
reader: it knows only the shapes Chromium's PDF backend writes.
"""

from __future__ import annotations

import re
import zlib


def pages_text(pdf: bytes) -> list[str]:
    """The characters each page draws, page by page."""
    objects = {
        int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj\s*(.*?)endobj", pdf, re.S)
    }
    glyphs = {
        n: _to_unicode(_stream(objects[int(m.group(1))]))
        for n, body in objects.items()
        if (m := re.search(rb"/ToUnicode (\d+) 0 R", body))
    }
    return [
        _page_text(body, objects, glyphs)
        for body in objects.values()
        if re.search(rb"/Type\s*/Page\b", body)
    ]


def _stream(body: bytes) -> bytes:
    start = re.search(rb"stream\r?\n", body)
    if not start:
        return b""
    data = body[start.end() : body.rfind(b"endstream")]
    return zlib.decompressobj().decompress(data) if b"FlateDecode" in body else data


def _to_unicode(cmap: bytes) -> dict[int, str]:
    table = {}
    for glyph, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", cmap):
        table[int(glyph, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be", "ignore")
    ranges = rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>"
    for low, high, first in re.findall(ranges, cmap):
        for glyph in range(int(low, 16), int(high, 16) + 1):
            table[glyph] = chr(int(first, 16) + glyph - int(low, 16))
    return table


def _page_text(page: bytes, objects: dict[int, bytes], glyphs: dict[int, dict[int, str]]) -> str:
    resources = page
    if found := re.search(rb"/Resources (\d+) 0 R", page):
        resources = objects[int(found.group(1))]
    fonts: dict[bytes, dict[int, str]] = {}
    if found := re.search(rb"/Font\s*<<(.*?)>>", resources, re.S):
        for name, ref in re.findall(rb"/(\S+?) (\d+) 0 R", found.group(1)):
            fonts[name] = glyphs.get(int(ref), {})
    contents = re.search(rb"/Contents (\d+) 0 R", page)
    content = _stream(objects[int(contents.group(1))]) if contents else b""
    text: list[str] = []
    table: dict[int, str] = {}
    shown = rb"/(\S+) [\d.]+ Tf|<([0-9A-Fa-f]*)> ?Tj|\[(.*?)\] ?TJ"
    for token in re.finditer(shown, content, re.S):
        if token.group(1):
            table = fonts.get(token.group(1), {})
            continue
        runs = (
            [token.group(2)]
            if token.group(2) is not None
            else re.findall(rb"<([0-9A-Fa-f]*)>", token.group(3))
        )
        for run in runs:
            text += [table.get(int(run[i : i + 4], 16), "?") for i in range(0, len(run), 4)]
    return "".join(text)
