"""News pages saved as HTML: the article's main text and metadata, boilerplate dropped, nothing fetched."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import lxml.html
import trafilatura

from annotator.core.model import DocumentRecord
from annotator.core.text import normalise_newlines
from annotator.formats.decoding import decode_bytes
from annotator.formats.errors import FormatError
from annotator.formats.file_names import safe_name

# Below this many characters the extracted text is probably a caption, not the article: pages that
# render their body with JavaScript (SCMP, for one) still carry it in JSON-LD's articleBody.
SHORT_ARTICLE = 500
_NAVIGATION = ("head", "nav", "header", "footer", "aside", "menu", "script", "style", "noscript",
               "template", "*[@role='navigation' or @role='banner' or @role='contentinfo']")
_OUTSIDE_NAVIGATION = "//text()[not({})]".format(" or ".join(f"ancestor::{name}" for name in _NAVIGATION))


def read(data: bytes, path: Path, limit: int | None = None) -> list[DocumentRecord]:
    notes: list[str] = []
    markup = decode_bytes(data, notes)
    # trafilatura parses the string it is given with lxml (no network access, no entity loading);
    # it never follows the links, images or scripts a page references.
    extracted = trafilatura.bare_extraction(
        markup, with_metadata=True, include_comments=False, include_tables=True,
        include_images=False, include_links=False, deduplicate=False,
    )
    metadata: dict[str, Any] = {}
    if isinstance(extracted, dict):
        metadata = extracted
    elif extracted is not None:
        metadata = extracted.as_dict()
    body = (metadata.get("text") or "").strip()
    if len(body) < SHORT_ARTICLE:
        tree = _parse(markup)
        embedded = _json_ld_article_body(tree)
        if len(embedded) > len(body):
            body = embedded
        elif not _text_outside_navigation(tree):
            body = ""  # trafilatura falls back to any text at all: here, the menu
    if not body:
        raise FormatError("no article text found in this HTML page")
    text, _ = normalise_newlines(body)
    sitename = metadata.get("sitename") or ""
    url = metadata.get("url") or None
    meta = {
        key: metadata[key]
        for key in ("sitename", "description", "categories", "tags", "language", "hostname")
        if metadata.get(key)
    }
    return [
        DocumentRecord(
            text=text,
            title=_clean_title(metadata.get("title") or "", sitename, url) or safe_name(path.stem),
            url=url,
            author=metadata.get("author") or None,
            published=metadata.get("date") or None,
            meta=meta,
            warnings=notes,
        )
    ]


def _clean_title(title: str, sitename: str, url: str | None) -> str:
    """Drop a trailing "| Site | date" tail that many sites append to the headline."""
    parts = [part.strip() for part in title.split(" | ")]
    if len(parts) == 1:
        return title.strip()
    host = urlparse(url).hostname or "" if url else ""
    site_names = {sitename.lower(), *host.lower().removeprefix("www.").split(".")} - {""}
    if any(part.lower() in site_names for part in parts[1:]):
        return parts[0]
    return title.strip()


def _parse(markup: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.fromstring(markup)
    except (lxml.etree.ParserError, ValueError):
        return None


def _text_outside_navigation(tree: lxml.html.HtmlElement | None) -> bool:
    """Whether the page has any text besides its head, menus, header, footer, sidebars and scripts."""
    return tree is not None and any(text.strip() for text in tree.xpath(_OUTSIDE_NAVIGATION))


def _json_ld_article_body(tree: lxml.html.HtmlElement | None) -> str:
    if tree is None:
        return ""
    best = ""
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        for body in _find_key(data, "articleBody"):
            if isinstance(body, str) and len(body) > len(best):
                best = body.strip()
    return best


def _find_key(data: Any, key: str) -> list[Any]:
    found: list[Any] = []
    if isinstance(data, dict):
        for name, value in data.items():
            found.extend([value] if name == key else _find_key(value, key))
    elif isinstance(data, list):
        for item in data:
            found.extend(_find_key(item, key))
    return found
