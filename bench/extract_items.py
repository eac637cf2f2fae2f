#!/usr/bin/env python3
"""Turn a folder of RSS 2.0 / Atom 1.0 / RSS 1.0 feeds into JSON lines for the stories benchmark.

Usage: extract_items.py FEEDS_DIR [OUT.jsonl]   (stdout when OUT is omitted)

One line per item: {"guid", "feed", "feed_title", "host", "link", "title", "text", "published"}; `feed` is
the file's name, `feed_title` and `host` the feed's title and its site's host name; `text` is the
description/summary/content with markup removed and entities decoded; `published` is ISO 8601
UTC or null. Standard library only, so the benchmarks (stories, watches) do not depend on the
project's own parser.
"""
import html
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlparse

ATOM = "{http://www.w3.org/2005/Atom}"
RSS1 = "{http://purl.org/rss/1.0/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DC = "{http://purl.org/dc/elements/1.1/}"
TAG = re.compile(r"<[^>]*>")
SPACE = re.compile(r"\s+")


def plain(markup):
    """Markup (already entity-decoded once by the XML parser) -> plain text."""
    return SPACE.sub(" ", html.unescape(TAG.sub(" ", markup or ""))).strip()


def iso(value):
    if not value:
        return None
    value = value.strip()
    try:
        dt = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        try:
            dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def text_of(el):
    if el is None:
        return ""
    if len(el):  # Atom xhtml content: markup is child elements
        return plain(" ".join(el.itertext()))
    return plain(el.text)


def items_of(path):
    feed = os.path.splitext(os.path.basename(path))[0]
    root = ET.parse(path).getroot()
    if root.tag == "rss":
        channel = root.find("channel")
        source = dict(feed_title=plain(channel.findtext("title")), host=urlparse(channel.findtext("link") or "").hostname or "")
        for it in root.iter("item"):
            yield dict(**source, guid=(it.findtext("guid") or it.findtext("link") or "").strip(), feed=feed,
                       link=(it.findtext("link") or "").strip() or None, title=plain(it.findtext("title")),
                       text=text_of(it.find("description")), published=iso(it.findtext("pubDate") or it.findtext(DC + "date")))
    elif root.tag == ATOM + "feed":
        site = next((l.get("href") for l in root.findall(ATOM + "link") if l.get("rel", "alternate") == "alternate"), "")
        source = dict(feed_title=plain(root.findtext(ATOM + "title")), host=urlparse(site or "").hostname or "")
        for it in root.iter(ATOM + "entry"):
            link = next((l.get("href") for l in it.findall(ATOM + "link") if l.get("rel", "alternate") == "alternate"), None)
            body = it.find(ATOM + "content")
            yield dict(**source, guid=(it.findtext(ATOM + "id") or link or "").strip(), feed=feed, link=link,
                       title=plain(it.findtext(ATOM + "title")),
                       text=text_of(body if body is not None else it.find(ATOM + "summary")),
                       published=iso(it.findtext(ATOM + "published") or it.findtext(ATOM + "updated")))
    elif root.tag == RDF + "RDF":
        channel = root.find(RSS1 + "channel")
        source = dict(feed_title=plain(channel.findtext(RSS1 + "title")), host=urlparse(channel.findtext(RSS1 + "link") or "").hostname or "")
        for it in root.iter(RSS1 + "item"):
            yield dict(**source, guid=it.get(RDF + "about") or (it.findtext(RSS1 + "link") or "").strip(), feed=feed,
                       link=(it.findtext(RSS1 + "link") or "").strip() or None, title=plain(it.findtext(RSS1 + "title")),
                       text=text_of(it.find(RSS1 + "description")), published=iso(it.findtext(DC + "date")))
    else:
        raise ValueError(f"{path}: not an RSS 2.0, Atom 1.0 or RSS 1.0 feed (root element {root.tag})")


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__.strip().splitlines()[2])
    folder = sys.argv[1]
    out = open(sys.argv[2], "w", encoding="utf-8") if len(sys.argv) == 3 else sys.stdout
    count = 0
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".xml"):
            continue
        try:
            for item in items_of(os.path.join(folder, name)):
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
                count += 1
        except (ET.ParseError, ValueError) as error:
            sys.stderr.write(f"extract_items: {os.path.join(folder, name)}: {error}\n")
    if out is not sys.stdout:
        out.close()
    sys.stderr.write(f"extract_items: {count} items from {folder}\n")


if __name__ == "__main__":
    main()
