#!/usr/bin/env python3
"""Compare newswatch's parser with Python feedparser on feed files.

Usage: scripts/compare-feedparser.py [--bin PATH] FILE...
Prints one line per differing field (feed and entry level) and a summary of agreement.
Titles are compared as plain text (feedparser keeps markup in HTML titles: it is stripped here),
summaries/content after collapsing whitespace.
"""
import argparse, calendar, html, json, re, subprocess, sys
import feedparser

def plain(s):
    if s is None:
        return None
    s = re.sub(r"<[^>]*>", "", s)
    return re.sub(r"\s+", " ", html.unescape(s)).strip()

def norm_html(s):
    return None if s is None else re.sub(r"\s+", " ", s).strip()

def iso(t):
    if not t:
        return None
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % tuple(t[:6])

def fp_view(path):
    d = feedparser.parse(path)
    f = d.feed
    view = {"title": plain(f.get("title")), "link": f.get("link"), "language": f.get("language"),
            "updated": iso(f.get("updated_parsed")), "bozo": bool(d.bozo), "entries": []}
    for e in d.entries:
        content = e.get("content", [{}])[0].get("value") if e.get("content") else None
        view["entries"].append({
            "id": e.get("id") or e.get("link"), "title": plain(e.get("title")) or "", "link": e.get("link"),
            "published": iso(e.get("published_parsed")), "updated": iso(e.get("updated_parsed")),
            "authors": [a for a in [e.get("author")] if a],
            "categories": [t.get("term") for t in e.get("tags", []) if t.get("term")],
            "summary": norm_html(e.get("summary")), "content": norm_html(content)})
    return view

def nw_view(path, binary):
    out = subprocess.run([binary, "parse", "--json", path], capture_output=True, text=True).stdout
    d = json.loads(out)
    if "error" in d:
        return {"error": d["error"]}
    view = {"title": d["title"], "link": d["link"], "language": d["language"], "updated": d["updated"],
            "bozo": bool(d["errors"]), "entries": []}
    for e in d["entries"]:
        view["entries"].append({
            "id": e["id"], "title": e["title"], "link": e["link"], "published": e["published"], "updated": e["updated"],
            "authors": e["authors"][:1], "categories": e["categories"], "summary": norm_html(e["summary"]),
            "content": norm_html(e["content"])})
    return view

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=".build/debug/newswatch-bench")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    same = total = 0
    for path in args.files:
        a, b = fp_view(path), nw_view(path, args.bin)
        if "error" in b:
            print(f"{path}: newswatch error: {b['error']}")
            continue
        for key in ("title", "link", "language", "updated", "bozo"):
            total += 1
            if a[key] == b[key]:
                same += 1
            else:
                print(f"{path}: feed.{key}: feedparser={a[key]!r} newswatch={b[key]!r}")
        for i, (ea, eb) in enumerate(zip(a["entries"], b["entries"])):
            for key in ea:
                total += 1
                if ea[key] == eb[key]:
                    same += 1
                else:
                    print(f"{path}: e{i}.{key}: feedparser={ea[key]!r} newswatch={eb[key]!r}")
        if len(a["entries"]) != len(b["entries"]):
            print(f"{path}: entry count feedparser={len(a['entries'])} newswatch={len(b['entries'])}")
    print(f"agreement: {same}/{total} fields")

if __name__ == "__main__":
    main()
