"""No figure of the reference document appears in src/: figures come from
the input.  Every two-decimal amount printed in the reference's tables is
looked for in every source and template-free package file."""

from __future__ import annotations

import re

from support import ROOT

GOLDEN = ROOT / "tests" / "golden" / "reference_tables.txt"
AMOUNT = re.compile(r"(?<![\d.,])\d[\d,]*\.\d\d(?!\d)")


def reference_figures() -> set[str]:
    text = GOLDEN.read_text("utf-8")
    figures = set()
    for m in re.findall(r"\d[\d,]*\.\d\d", text):
        plain = m.replace(",", "")
        if float(plain) >= 1:   # 0.20-like figures are too common to mean anything
            figures |= {m, plain}
    return figures


def test_no_reference_figure_in_src():
    figures = reference_figures()
    assert len(figures) > 50
    hits = []
    for path in (ROOT / "src").rglob("*"):
        if path.suffix not in (".py", ".tsv", ".toml", ".txt", ".md"):
            continue
        # every amount-like token standing alone (not part of a longer number)
        tokens = set(AMOUNT.findall(path.read_text("utf-8")))
        hits += [f"{path.relative_to(ROOT)}: {f}" for f in sorted(tokens & figures)]
    assert not hits, hits
