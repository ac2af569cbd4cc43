#!/usr/bin/env bash
# The README's first command: set up, then start the demo (no PBX needed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash installer/setup.sh
exec .venv/bin/agent-softphone --demo "$@"
