#!/usr/bin/env bash
# Creates .venv (if missing) and installs reportgen with its test tools.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
# Chinese fonts (charts, PDFs) and LibreOffice's Python bridge (--pdf): on a
# Debian/Ubuntu machine where we are root, installed when missing
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    want=""
    fc-list :lang=zh 2>/dev/null | grep -q . || want="$want fonts-noto-cjk"
    if command -v soffice >/dev/null 2>&1 && ! /usr/bin/python3 -c "import uno" 2>/dev/null; then
        want="$want python3-uno"
    fi
    if [ -n "$want" ]; then
        echo "installing:$want"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $want >/dev/null \
            || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
                 apt-get install -y -qq --no-install-recommends $want >/dev/null; } \
            || echo "could not install$want; see README (set-up)" >&2
    fi
fi
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install --quiet -e '.[dev]'
