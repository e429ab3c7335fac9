"""Themes (system, light, dark) and label colours made readable against the palette's text colour."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QActionGroup, QColor, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QStyleFactory

THEMES: tuple[tuple[str, str], ...] = (("system", "&System"), ("light", "&Light"), ("dark", "&Dark"))
SETTINGS_KEY = "view/theme"
MIN_CONTRAST = 4.5  # WCAG AA for normal text
MIN_LINE_CONTRAST = 3.0  # WCAG for graphics: quote and claim underlines against the page

# The style the desktop gave the application before any theme was applied; "system" goes back to it.
_system_style: str | None = None


def relative_luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an opaque colour, 0 (black) to 1 (white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.red()) + 0.7152 * linear(colour.green()) + 0.0722 * linear(colour.blue())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio between two opaque colours, 1 to 21."""
    la, lb = relative_luminance(a), relative_luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    # Truncated, as the span list's tint always was: halfway to white is (c + 255) // 2.
    return QColor(
        int(a.red() + (b.red() - a.red()) * t),
        int(a.green() + (b.green() - a.green()) * t),
        int(a.blue() + (b.blue() - a.blue()) * t),
    )


@lru_cache(maxsize=1024)
def _readable(colour: str, text: int, base: int, minimum: float) -> QColor:
    """`colour` moved towards `base` just far enough for `text` to reach `minimum` contrast on it."""
    wanted, ink, page = QColor(colour), QColor.fromRgb(text), QColor.fromRgb(base)
    if not wanted.isValid():
        wanted = QColor("#cccccc")
    # Towards the page keeps the hue on a light page (pastels) and a dark one (deep tones); if the
    # page itself is too close to the text, towards the text's opposite instead.
    target = page if contrast(ink, page) >= minimum else _opposite(ink)
    for step in range(21):
        candidate = _mix(wanted, target, step / 20)
        if contrast(ink, candidate) >= minimum:
            return candidate
    return _opposite(ink)


def _opposite(colour: QColor) -> QColor:
    return QColor("#000000") if relative_luminance(colour) > 0.18 else QColor("#ffffff")


# Painting asks for a label's fill per span per paint: answers are kept per palette (its cacheKey
# changes whenever its colours do), so a repeat costs a dict lookup rather than ~8 us of palette reads.
_fills: dict[tuple[str, int], QColor] = {}


def label_fill(colour: str, palette: QPalette) -> QColor:
    """The background painted behind a label's text: its colour, adjusted so the text reads on it."""
    key = (colour, palette.cacheKey())
    fill = _fills.get(key)
    if fill is None:
        text = palette.color(QPalette.ColorRole.Text).rgb()
        base = palette.color(QPalette.ColorRole.Base).rgb()
        fill = _readable(colour, text, base, MIN_CONTRAST)
        if len(_fills) > 4096:  # palettes come and go with each theme switch
            _fills.clear()
        _fills[key] = fill
    return fill


def label_tint(colour: str, palette: QPalette) -> QColor:
    """A label cell's background in the span list: paler than in the text (halfway to the page)."""
    base = palette.color(QPalette.ColorRole.Base)
    halfway = _mix(QColor(colour) if QColor(colour).isValid() else QColor("#cccccc"), base, 0.5)
    text = palette.color(QPalette.ColorRole.Text).rgb()
    return _readable(halfway.name(), text, base.rgb(), MIN_CONTRAST)


def label_line(colour: str, palette: QPalette) -> QColor:
    """A quote's or claim's underline colour, adjusted to stand out from the page."""
    base = palette.color(QPalette.ColorRole.Base).rgb()
    # The line must differ from the page: "text" here is the page colour, the line the background.
    return _readable(colour, base, _opposite(QColor.fromRgb(base)).rgb(), MIN_LINE_CONTRAST)


def coloured_text(colour: str, palette: QPalette) -> QColor:
    """A word written in colour (a document's status), adjusted to read on the page (4.5:1)."""
    base = palette.color(QPalette.ColorRole.Base).rgb()
    return _readable(colour, base, _opposite(QColor.fromRgb(base)).rgb(), MIN_CONTRAST)


def is_dark(palette: QPalette) -> bool:
    return relative_luminance(palette.color(QPalette.ColorRole.Base)) < 0.18


def dark_palette() -> QPalette:
    """A dark palette for the Fusion style: light grey text on near-black, blue highlight."""
    role = QPalette.ColorRole
    colours = {
        role.Window: "#2b2b2b", role.WindowText: "#e6e6e6", role.Base: "#1e1e1e",
        role.AlternateBase: "#262626", role.ToolTipBase: "#3a3a3a", role.ToolTipText: "#f0f0f0",
        role.PlaceholderText: "#9a9a9a", role.Text: "#e6e6e6", role.Button: "#353535",
        role.ButtonText: "#e6e6e6", role.BrightText: "#ff6b6b", role.Light: "#505050",
        role.Midlight: "#404040", role.Mid: "#8a8a8a", role.Dark: "#1a1a1a", role.Shadow: "#000000",
        role.Highlight: "#2f65ca", role.HighlightedText: "#ffffff", role.Link: "#7fb0ff",
        role.LinkVisited: "#c39bff",
    }
    return _palette(colours, disabled_text="#7a7a7a")


def light_palette() -> QPalette:
    """Fusion's light palette whatever the desktop's scheme; placeholder text darker, for 4.5:1."""
    role = QPalette.ColorRole
    colours = {
        role.Window: "#efefef", role.WindowText: "#000000", role.Base: "#ffffff",
        role.AlternateBase: "#f7f7f7", role.ToolTipBase: "#ffffdc", role.ToolTipText: "#000000",
        role.PlaceholderText: "#5f5f5f", role.Text: "#000000", role.Button: "#efefef",
        role.ButtonText: "#000000", role.BrightText: "#ffffff", role.Light: "#ffffff",
        role.Midlight: "#cacaca", role.Mid: "#6e6e6e", role.Dark: "#9f9f9f", role.Shadow: "#767676",
        role.Highlight: "#308cc6", role.HighlightedText: "#ffffff", role.Link: "#0000ff",
        role.LinkVisited: "#ff00ff",
    }
    return _palette(colours, disabled_text="#8a8a8a")


def _palette(colours: dict[QPalette.ColorRole, str], disabled_text: str) -> QPalette:
    """A palette of these colours, with greyed text for disabled widgets."""
    palette = QPalette()
    for colour_role, name in colours.items():
        palette.setColor(colour_role, QColor(name))
    role = QPalette.ColorRole
    for colour_role in (role.Text, role.WindowText, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, colour_role, QColor(disabled_text))
    return palette


def saved_theme() -> str:
    name = str(QSettings().value(SETTINGS_KEY, "system"))
    return name if name in dict(THEMES) else "system"


def apply_theme(name: str, remember: bool = True) -> None:
    """Switch the running application to a theme; every open widget repaints with it."""
    global _system_style
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if _system_style is None:
        _system_style = app.style().name()
    if name == "system":
        if app.style().name().lower() != _system_style.lower():
            app.setStyle(QStyleFactory.create(_system_style))
        app.setPalette(QPalette())  # nothing set: the style's and desktop's own palette again
    else:
        if app.style().name().lower() != "fusion":
            app.setStyle(QStyleFactory.create("fusion"))
        app.setPalette(dark_palette() if name == "dark" else light_palette())
    # A widget with a style sheet keeps the palette it was polished with (the document title stayed
    # black on dark grey): setting its sheet again polishes it with the new one.
    for widget in app.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet(sheet)
    if remember:
        QSettings().setValue(SETTINGS_KEY, name)


def apply_saved_theme() -> None:
    """At start: the theme chosen last time (the desktop's own unless one was picked)."""
    name = saved_theme()
    if name != "system" or _system_style is not None:
        apply_theme(name, remember=False)



def find_fill(palette: QPalette) -> QColor:
    """Find matches: a translucent yellow that the palette's text still reads through."""
    return QColor(180, 150, 0, 110) if is_dark(palette) else QColor(255, 221, 0, 150)


def link_colour(palette: QPalette) -> QColor:
    """The dashed outline of spans linked to the current one."""
    return QColor(255, 110, 190) if is_dark(palette) else QColor(200, 0, 120)


def add_theme_menu(menu: QMenu) -> dict[str, QAction]:
    """A "Theme" submenu of `menu` with one checkable action per theme, the saved one checked."""
    submenu = menu.addMenu("&Theme")
    group = QActionGroup(submenu)
    actions = {}
    current = saved_theme()
    for name, text in THEMES:
        action = submenu.addAction(text)
        action.setCheckable(True)
        action.setChecked(name == current)
        action.triggered.connect(lambda _checked=False, name=name: apply_theme(name))
        group.addAction(action)
        actions[name] = action
    return actions
