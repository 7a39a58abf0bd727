"""Draw the application icon (resources/icons/app.png and app.ico). Run on demand."""

import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPainterPath

ROOT = Path(__file__).resolve().parents[1]


def draw(size: int) -> QImage:
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    r = QRectF(size * 0.06, size * 0.06, size * 0.88, size * 0.88)
    path = QPainterPath()
    path.addRoundedRect(r, size * 0.16, size * 0.16)
    p.fillPath(path, QColor("#b5271f"))                      # the red of official documents
    p.setPen(QColor("#ffffff"))
    f = QFont("Noto Sans CJK SC")
    f.setBold(True)
    f.setPixelSize(int(size * 0.36))
    p.setFont(f)
    p.drawText(QRectF(0, size * 0.12, size, size * 0.45), int(Qt.AlignmentFlag.AlignCenter), "年报")
    p.setPen(QColor("#f6d9a8"))
    for i in range(3):                                       # a table's rows
        y = size * (0.62 + i * 0.1)
        p.fillRect(QRectF(size * 0.22, y, size * 0.56, size * 0.05), QColor("#f6d9a8"))
    p.end()
    return img


def main() -> None:
    app = QGuiApplication(sys.argv[:1] + ["-platform", "offscreen"])
    out = ROOT / "resources" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    draw(256).save(str(out / "app.png"))
    draw(256).save(str(out / "app.ico"))
    print("wrote", out / "app.png", out / "app.ico")
    del app


if __name__ == "__main__":
    main()
