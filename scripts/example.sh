#!/usr/bin/env bash
# One command on a fresh machine: set up, then build the bundled example into outputs/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/reportgen build inputs/example-2022.xlsx -o outputs
