"""Render resources/icons/agent-softphone.svg into the Windows icon (.ico: 16-256 px, PNG entries).

    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/make_icon.py

Run after changing the SVG; the .ico is kept in the repository so a Windows
build needs no converter. PNG-compressed entries are what Windows Vista and
later read; the file is assembled by hand (Qt writes one size per file).
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "agent-softphone.svg"
ICO = ROOT / "resources" / "icons" / "agent-softphone.ico"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def png(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(images: list[tuple[int, bytes]]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, blob in images:
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset + len(blobs))
        blobs += blob
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - QImage painting needs the application object
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"cannot read {SVG}", file=sys.stderr)
        return 1
    ICO.write_bytes(ico([(s, png(renderer, s)) for s in SIZES]))
    print(ICO)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
