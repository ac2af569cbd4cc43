#!/usr/bin/env bash
# The README's second command, and what CI runs: set up, then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash installer/setup.sh --test
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
