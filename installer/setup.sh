#!/usr/bin/env bash
# Set up agent-softphone on Debian/Ubuntu (Python 3.10-3.12) in ./.venv.
#   installer/setup.sh          runtime: PortAudio, CJK fonts, Mosquitto (the lead's demo broker), the app
#   installer/setup.sh --test   also what the tests need: Kamailio, Kannel, PostgreSQL, Mosquitto, PulseAudio, espeak-ng, sox, baresip
# Debian packages are installed when run as root (or with sudo available);
# otherwise the missing ones are listed and the script stops.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t RUNTIME_DEBS < <(sed -e "s/#.*//" -e "/^[[:space:]]*$/d" -e "s/[[:space:]]//g" installer/runtime-debs.txt)
RUNTIME_DEBS+=(mosquitto)  # the team lead's demo broker (agent-softphone lead --demo)
TEST_DEBS=(kamailio kamailio-tls-modules pulseaudio pulseaudio-utils libasound2-plugins alsa-utils espeak-ng sox baresip xvfb x11-utils kannel kannel-extras postgresql)
want=("${RUNTIME_DEBS[@]}")
extras="ui,asr"
if [[ "${1:-}" == "--test" ]]; then want+=("${TEST_DEBS[@]}"); extras="ui,asr,test"; fi

missing=()
for p in "${want[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
if ((${#missing[@]})); then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  if [[ -n "$SUDO" ]] && ! command -v sudo >/dev/null; then
    echo "Please install these Debian packages first: ${missing[*]}" >&2; exit 1
  fi
  echo "Installing Debian packages: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
  # kamailio's package starts a system service; the tests run their own.
  if [[ " ${missing[*]} " == *" kamailio "* ]] && command -v systemctl >/dev/null; then $SUDO systemctl disable --now kamailio >/dev/null 2>&1 || true; fi
  # so does kannel's (bearerbox on 13000/13013); the tests start their own on free ports.
  if [[ " ${missing[*]} " == *" kannel "* ]] && command -v systemctl >/dev/null; then $SUDO systemctl disable --now kannel >/dev/null 2>&1 || true; fi
  # and mosquitto's (an MQTT broker on localhost:1883); tests/rig/mosquitto.py starts its own on free ports.
  if [[ " ${missing[*]} " == *" mosquitto "* ]] && command -v systemctl >/dev/null; then $SUDO systemctl disable --now mosquitto >/dev/null 2>&1 || true; fi
fi

PY=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then "$PY" -m venv .venv; fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q -e ".[${extras}]" 2>&1 | grep -v "^WARNING: Location" >&2 || true
.venv/bin/python -c "import softphone, pjsua2" || { echo "setup failed: the package does not import" >&2; exit 1; }
