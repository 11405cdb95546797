#!/usr/bin/env bash
# One command on a fresh machine: set up, then build the bundled example into outputs/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/reportgen build inputs/example-2022.xlsx -o outputs
# the same example entered in 元 (金额单位 元): same unit and year, so its own folder
.venv/bin/reportgen build inputs/example-2022-yuan.xlsx -o outputs/元
