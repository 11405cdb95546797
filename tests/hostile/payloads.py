"""Hostile workbooks made from a good one."""

from __future__ import annotations

import zipfile
from pathlib import Path

LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 2 else "") + ";") * 10}">'
        for i in range(2, 10)
    )
    + "]>"
)


def entity_expansion(good: Path, out: Path) -> Path:
    """The first sheet carries a billion-laughs DOCTYPE and uses it in a cell."""
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                if text.startswith("<?xml"):
                    text = text[text.index("?>") + 2:]
                text = LAUGHS + text.replace("<t>", "<t>&lol9;", 1)
                data = text.encode("utf-8")
            zout.writestr(item, data)
    return out
