#!/usr/bin/env python3
"""extract_items.py - the text of every item of a gen_corpus.py corpus, for the watches benchmark.

Usage: python3 extract_items.py CORPUS_DIR OUT.jsonl

Writes one JSON object per line: {"feed": feed title, "host": feed site host, "title": item title,
"body": description (RSS description, Atom summary or content, RSS 1.0 description) with markup
removed and entities decoded}. Python standard library only, so the benchmark does not depend on
newswatch's own feed parser.
"""
import html, json, os, re, sys
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

ATOM = "{http://www.w3.org/2005/Atom}"
RSS1 = "{http://purl.org/rss/1.0/}"


def plain(markup):
    return html.unescape(re.sub(r"<[^>]*>", " ", markup or ""))


def inner_xml(element):
    return (element.text or "") + "".join(ET.tostring(child, encoding="unicode") for child in element)


def items_of(path):
    root = ET.parse(path).getroot()
    if root.tag == "rss":
        channel = root.find("channel")
        feed, link = channel.findtext("title", ""), channel.findtext("link", "")
        for item in channel.iter("item"):
            yield feed, link, item.findtext("title", ""), plain(item.findtext("description", ""))
    elif root.tag == ATOM + "feed":
        feed = root.findtext(ATOM + "title", "")
        link = next((l.get("href") for l in root.findall(ATOM + "link") if l.get("rel") == "alternate"), "")
        for entry in root.iter(ATOM + "entry"):
            content, summary = entry.find(ATOM + "content"), entry.find(ATOM + "summary")
            if content is not None and content.get("type") == "xhtml":
                body = plain(inner_xml(content))
            else:
                body = plain((content if content is not None else summary).text if (content is not None or summary is not None) else "")
            yield feed, link, entry.findtext(ATOM + "title", ""), body
    else:  # RSS 1.0 (RDF)
        channel = root.find(RSS1 + "channel")
        feed, link = channel.findtext(RSS1 + "title", ""), channel.findtext(RSS1 + "link", "")
        for item in root.iter(RSS1 + "item"):
            yield feed, link, item.findtext(RSS1 + "title", ""), plain(item.findtext(RSS1 + "description", ""))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    corpus, out = sys.argv[1], sys.argv[2]
    feeds_dir = os.path.join(corpus, "feeds")
    count = 0
    with open(out + ".tmp", "w", encoding="utf-8") as f:
        for name in sorted(os.listdir(feeds_dir)):
            for feed, link, title, body in items_of(os.path.join(feeds_dir, name)):
                f.write(json.dumps({"feed": feed, "host": urlparse(link).hostname or "", "title": title, "body": body},
                                   ensure_ascii=False) + "\n")
                count += 1
    os.replace(out + ".tmp", out)
    print(f"{count} items -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
