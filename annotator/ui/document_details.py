"""The line under the title: where the open article came from (source, author, date, link)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QWidget

from annotator.core.model import Document

# Only web pages open in the browser: an imported file could carry a file: or javascript: "URL".
OPENABLE_SCHEMES = {"http", "https"}


class DocumentDetails(QLabel):
    """Source · author · date · URL of one document; the URL opens in the system browser on click."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)  # every imported value is escaped before it goes in
        self.setWordWrap(True)
        self.setStyleSheet("padding: 0 8px 4px 8px;")
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        # Never followed by the app itself: the link goes to the browser, the page is never fetched.
        self.setOpenExternalLinks(False)
        self.linkActivated.connect(open_in_browser)
        self.hide()

    def show_document(self, document: Document | None) -> None:
        parts = [] if document is None else details_html(document)
        self.setText(" · ".join(parts))
        url = (document.url or "").strip() if document is not None else ""
        self.setToolTip(html.escape(url))  # the whole address, when the line shortens it
        self.setVisible(bool(parts))


def details_html(document: Document) -> list[str]:
    """The document's provenance as escaped HTML pieces, the URL a link when a browser can open it."""
    author = f"by {document.author.strip()}" if document.author and document.author.strip() else None
    parts = [html.escape(value.strip()) for value in (document.source, author, document.published)
             if value and value.strip()]
    url = (document.url or "").strip()
    if url:
        shown = html.escape(url if len(url) <= 90 else url[:87] + "…")
        if QUrl(url).scheme().lower() in OPENABLE_SCHEMES:
            parts.append(f'<a href="{html.escape(url, quote=True)}">{shown}</a>')
        else:
            parts.append(shown)
    return parts


def open_in_browser(url: str) -> None:
    if QUrl(url).scheme().lower() in OPENABLE_SCHEMES:
        QDesktopServices.openUrl(QUrl(url))
