"""The README is a front door read in five minutes, and the pages behind it hold together:
every page is linked from it, every relative link reaches a file (and a heading) that
exists, and the layers drawn in docs/architecture.md are the ones the code imports."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).parent.parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = ("usage", "drafting", "exports", "http-api", "postgresql", "security", "performance",
         "architecture", "developers")  # fmt: skip
"""The pages the README's "Where to read on" names, each `docs/NAME.md`."""
LAYERS = ("events", "drafting", "domain", "storage", "projections", "reports", "reads", "cli", "service",
          "bench")  # fmt: skip
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
FENCED = re.compile(r"^ *```.*?^ *```", re.MULTILINE | re.DOTALL)


def documents() -> list[Path]:
    """The README and the pages it names."""
    return [README, *(DOCS / f"{name}.md" for name in PAGES)]


def links(document: Path) -> list[str]:
    """The relative links of `document`, outside its code blocks."""
    prose = FENCED.sub("", document.read_text())
    return [target for target in LINK.findall(prose) if not re.match(r"[a-z]+:", target)]


def anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(document: Path) -> set[str]:
    prose = FENCED.sub("", document.read_text())
    return {anchor(h) for h in re.findall(r"^#{1,6} (.+)$", prose, re.MULTILINE)}


def test_the_readme_is_read_in_five_minutes() -> None:
    assert len(README.read_text().splitlines()) <= 250


def test_the_readme_links_every_page_of_the_docs() -> None:
    linked = {(README.parent / target.partition("#")[0]).resolve() for target in links(README)}
    assert {page.resolve() for page in documents()[1:]} <= linked
    assert set(DOCS.glob("*.md")) == set(documents()[1:])


def test_every_relative_link_reaches_a_file_and_a_heading_that_exist() -> None:
    broken = []
    for document in documents():
        for target in links(document):
            path, _, fragment = target.partition("#")
            found = (document.parent / path).resolve() if path else document
            if not found.exists() or (fragment and fragment not in anchors(found)):
                broken.append(f"{document.relative_to(ROOT)}: {target}")
    assert all(links(d) for d in documents()), "each page links to another"
    assert broken == []


def imported_layers(layer: str) -> set[str]:
    """The other layers the modules of `layer` import, wherever the import stands (inside
    a function, under `TYPE_CHECKING`): a lazy import is a dependency all the same."""
    found: set[str] = set()
    for path in [*(ROOT / layer).rglob("*.py"), *(ROOT / f"{layer}.py").parent.glob(f"{layer}.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return (found & set(LAYERS)) - {layer}


def drawn_layers() -> dict[str, set[str]]:
    """The arrows docs/architecture.md lists under "Every arrow": `layer -> a, b`."""
    text = (DOCS / "architecture.md").read_text().split("### Every arrow")[1]
    block = re.search(r"```\n(.*?)```", text, re.DOTALL)
    assert block is not None
    arrows = [line.split("->") for line in block.group(1).splitlines()]
    return {f.strip(): {t.strip() for t in to.split(",") if t.strip()} for f, to in arrows}


def test_the_layers_drawn_in_the_architecture_are_the_ones_the_code_imports() -> None:
    assert drawn_layers() == {layer: imported_layers(layer) for layer in LAYERS}
