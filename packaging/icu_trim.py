"""Shrink the ICU data library Qt links (32 MB) to what the app can reach (about 6.5 MB).

QtCore links ICU, whose data library carries every locale's collation, currency, unit, zone and
transliteration tables and 190 legacy converters. Annotator shows text through Qt's own Unicode
tables and never collates, converts legacy encodings or names time zones in other languages, so
the data is cut to root and English. Needs `icupkg` (Debian: icu-devtools) and a C compiler;
without them the bundle keeps the full library. The build's frozen self-test proves the result.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

KEPT_LOCALE = re.compile(r"(root|en|en_US|en_GB|en_001|pool|res_index)\.res")
DROPPED_TREES = ("coll", "curr", "lang", "region", "zone", "unit", "rbnf")
# Top-level locale-independent tables that stay (everything else named like a locale goes).
KEPT_TOP = {
    "supplementalData.res", "metaZones.res", "timezoneTypes.res", "windowsZones.res",
    "keyTypeData.res", "likelySubtags.res", "plurals.res", "numberingSystems.res", "icuver.res",
    "icustd.res", "dayPeriods.res", "grammaticalFeatures.res", "genderList.res", "langInfo.res",
    "pluralRanges.res", "units.res", "currencyNumericCodes.res", "zoneinfo64.res",
}


def trim_icu(qt_lib: Path) -> str:
    """Replace libicudataNN in `qt_lib` with a trimmed copy; return what happened, for the log."""
    library = next(qt_lib.glob("libicudata.so.*"), None)
    if library is None:
        return "no ICU data library in the bundle"
    if not (shutil.which("icupkg") and shutil.which("gcc") and shutil.which("readelf")):
        return "icupkg or gcc missing (apt install icu-devtools gcc): ICU data left whole"
    version = library.name.rsplit(".", 1)[-1]
    symbol = f"icudt{version}_dat"
    offset, size = _symbol_extent(library, symbol)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        full, trimmed = work / f"icudt{version}l.dat", work / "out" / f"icudt{version}l.dat"
        trimmed.parent.mkdir()
        full.write_bytes(library.read_bytes()[offset:offset + size])
        items = subprocess.run(["icupkg", "-l", str(full)], check=True, capture_output=True,
                               text=True).stdout.split()
        (work / "remove.txt").write_text("\n".join(_removable(items)) + "\n")
        subprocess.run(["icupkg", "-r", str(work / "remove.txt"), str(full), str(trimmed)],
                       check=True, capture_output=True)
        source = work / "icudata.S"
        source.write_text(
            f"    .section .rodata\n    .globl {symbol}\n    .type {symbol}, @object\n"
            f"    .balign 16\n{symbol}:\n    .incbin \"{trimmed}\"\n"
            f"    .size {symbol}, . - {symbol}\n    .section .note.GNU-stack,\"\",@progbits\n"
        )
        built = work / library.name
        subprocess.run(["gcc", "-shared", "-nostdlib", f"-Wl,-soname,{library.name}", "-o", str(built),
                        str(source)], check=True, capture_output=True)
        before = library.stat().st_size
        shutil.copyfile(built, library)
    return f"ICU data {before / 1e6:.1f} MB -> {library.stat().st_size / 1e6:.1f} MB"


def _symbol_extent(library: Path, symbol: str) -> tuple[int, int]:
    """File offset and size of the data symbol (its section maps file offsets 1:1 here)."""
    symbols = subprocess.run(["readelf", "-sW", str(library)], check=True, capture_output=True,
                             text=True).stdout
    for line in symbols.splitlines():
        fields = line.split()
        if len(fields) >= 8 and fields[7] == symbol:
            address, size = int(fields[1], 16), int(fields[2], 0)
            return _file_offset(library, address), size
    raise RuntimeError(f"{library.name}: no symbol {symbol}")


def _file_offset(library: Path, address: int) -> int:
    headers = subprocess.run(["readelf", "-lW", str(library)], check=True, capture_output=True,
                             text=True).stdout
    for line in headers.splitlines():
        fields = line.split()
        if fields[:1] == ["LOAD"]:
            offset, virtual, size = int(fields[1], 16), int(fields[2], 16), int(fields[4], 16)
            if virtual <= address < virtual + size:
                return address - virtual + offset
    raise RuntimeError(f"{library.name}: address {address:#x} is in no loaded segment")


def _removable(items: list[str]) -> list[str]:
    removable = []
    for item in items:
        tree, _, name = item.rpartition("/")
        if not tree:
            locale_like = name.endswith(".res") and not KEPT_LOCALE.fullmatch(name) and name not in KEPT_TOP
            if locale_like or name.endswith((".cnv", ".spp")) or name in ("unames.icu", "confusables.cfu"):
                removable.append(item)
        elif tree in DROPPED_TREES and not KEPT_LOCALE.fullmatch(name) and name != "ucadata.icu":
            removable.append(item)
        elif tree == "translit":
            removable.append(item)
    return removable
