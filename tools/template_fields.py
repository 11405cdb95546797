"""Write docs/template-fields.md from the typed document context.

    .venv/bin/python tools/template_fields.py [OUT.md]

The fields, meanings and units come from ``compose/context.py`` (and the
report classes it holds); the example values from inputs/example-2022.xlsx.
tests/test_template_fields.py fails when the committed file is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "template-fields.md"
EXAMPLE = ROOT / "inputs" / "example-2022.xlsx"


def generate() -> str:
    """The file's text, with the example's values."""
    from reportgen.compose.fields_doc import markdown
    from reportgen.compose.narrative import build_context
    from reportgen.compute.tables import Catalogues, compute
    from reportgen.read.reader import read_workbook
    from reportgen.selfeval.tables import evaluate

    wb = read_workbook(EXAMPLE)
    ev = evaluate(wb)
    report = compute(wb, Catalogues.load(wb), ev)
    return markdown(build_context(report, ev))


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    out.write_text(generate(), encoding="utf-8")
    print(out)
