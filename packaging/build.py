"""Build the one-folder app into dist/annotator/, trim what it does not use, and smoke-test it.

Usage: python packaging/build.py [--skip-test]
Needs PyInstaller (pip install ".[package]").
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from icu_trim import trim_icu  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist" / "annotator"

# Libraries and data that PyInstaller's Qt hooks collect but the app never loads. Qt's platform
# plugin (xcb) links QtDBus, and QtCore links ICU, so those stay.
UNUSED_QT = (
    "libQt6Network", "libQt6Qml", "libQt6Quick", "libQt6Pdf", "libQt6OpenGL", "libQt6VirtualKeyboard",
    "libQt6Wayland", "libQt6Designer", "libQt6Sql", "libQt6Test", "libQt6LabsStyleKit",
)
UNUSED_PLUGINS = (
    "networkinformation", "tls", "qmltooling", "qmllint", "designer", "sqldrivers", "printsupport",
    "wayland-decoration-client", "wayland-graphics-integration-client",
    "wayland-graphics-integration-server", "wayland-shell-integration", "egldeviceintegrations",
    "platforminputcontexts", "vectorimageformats", "generic",
    # The GTK theme and desktop portal pull in GTK, cairo, pango and GLib (~15 MB); without them Qt
    # draws its own Fusion dialogs.
    "platformthemes",
    # Framebuffer, EGL, VNC and Vulkan display back ends; Wayland sessions run us through XWayland.
    "platforms/libqeglfs.so", "platforms/libqlinuxfb.so", "platforms/libqminimalegl.so",
    "platforms/libqvkkhrdisplay.so", "platforms/libqvnc.so", "platforms/libqwayland.so",
    "xcbglintegrations/libqxcb-egl-integration.so",
)
# babel (under trafilatura's URL filters) loads locale data only when asked to filter by language,
# which we never do: keep the root and English data, drop the other ~34 MB.
BABEL_LOCALES_KEPT = ("root.dat", "en.dat", "en_US.dat", "en_GB.dat", "en_001.dat")
UNUSED_IMAGE_FORMATS = ("libqpdf", "libqtiff", "libqwebp", "libqtga", "libqwbmp", "libqgif", "libqicns")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-test", action="store_true", help="do not run the frozen self-test")
    args = parser.parse_args()
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", str(ROOT / "packaging" / "annotator.spec"),
         "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build")],
        check=True, cwd=ROOT,
    )
    removed = trim(DIST)
    qt_lib = next(DIST.rglob("PySide6/Qt/lib"), None)
    if qt_lib is not None:
        print(f"build: {trim_icu(qt_lib)}")
    print(f"build: removed {removed / 1e6:.1f} MB of unused Qt; bundle is {size(DIST) / 1e6:.1f} MB")
    if not args.skip_test:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        for command in (["--version"], ["--self-test"]):
            result = subprocess.run([str(DIST / "annotator"), *command], env=env, capture_output=True,
                                    text=True, timeout=120)
            print(f"build: annotator {' '.join(command)} -> {result.returncode}: "
                  f"{(result.stdout + result.stderr).strip()}")
            if result.returncode != 0:
                return 1
    return 0


def trim(dist: Path) -> int:
    """Delete unused Qt libraries, plugins and translations from the bundle; return bytes freed."""
    qt = next(dist.rglob("PySide6/Qt"), None)
    if qt is None:
        return 0
    doomed: list[Path] = []
    doomed += [path for path in (qt / "lib").glob("*") if path.name.startswith(UNUSED_QT)]
    doomed += [qt / "plugins" / name for name in UNUSED_PLUGINS]  # folders, or single plugins
    doomed += [path for path in (qt / "plugins" / "imageformats").glob("*")
               if path.name.startswith(UNUSED_IMAGE_FORMATS)]
    doomed += [qt / "translations", qt / "qml"]
    # PyInstaller also puts top-level copies of libraries beside the executable's _internal folder.
    doomed += [path for path in dist.rglob("*") if path.is_file() and path.parent != qt / "lib"
               and path.name.startswith(UNUSED_QT)]
    babel = next(dist.rglob("babel/locale-data"), None)
    if babel is not None:
        doomed += [path for path in babel.iterdir() if path.name not in BABEL_LOCALES_KEPT]
    freed = 0
    for path in doomed:
        if path.is_dir():
            freed += size(path)
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            freed += path.stat().st_size if path.exists() else 0
            path.unlink()
    return freed + drop_unreferenced_libraries(dist)


def drop_unreferenced_libraries(dist: Path) -> int:
    """Delete bundled shared libraries that no remaining binary links to (after plugins went).

    Roots are what gets loaded by path rather than by link: the executable, Python extension
    modules and Qt plugins. Everything else stays only if a root needs it, directly or not.
    """
    if shutil.which("readelf") is None:
        print("build: readelf missing (apt install binutils): unreferenced libraries kept")
        return 0
    internal = dist / "_internal"
    libraries = {path.name: path for path in internal.glob("*.so*") if path.is_file()}
    libraries.update({path.name: path for path in (internal / "PySide6" / "Qt" / "lib").glob("*.so*")})
    roots = [dist / "annotator", *(path for path in internal.rglob("*.so*")
                                   if path.is_file() and path.name not in libraries)]
    roots += [path for name, path in libraries.items() if name.startswith("libpython")]
    needed: set[str] = set()
    pending = list(roots)
    while pending:
        for name in _needed(pending.pop()):
            if name in libraries and name not in needed:
                needed.add(name)
                pending.append(libraries[name])
    freed = 0
    for name, path in libraries.items():
        if name not in needed and not name.startswith("libpython"):
            freed += path.stat().st_size
            path.unlink()
    return freed


def _needed(binary: Path) -> list[str]:
    output = subprocess.run(["readelf", "-d", str(binary)], capture_output=True, text=True).stdout
    return [line.split("[", 1)[1].split("]", 1)[0] for line in output.splitlines() if "(NEEDED)" in line]


def size(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file() and not item.is_symlink())


if __name__ == "__main__":
    sys.exit(main())
