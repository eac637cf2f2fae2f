#!/usr/bin/env python3
"""pyahocorasick_baseline.py - the peer of `newswatch-bench watches`: pyahocorasick scanning the same
item text for the same watches' words and phrases.

Usage: python3 pyahocorasick_baseline.py ITEMS.jsonl WATCHES.txt COUNT [COUNT...]

For each COUNT, the terms (bare words and quoted phrases, lower-cased, words joined by one space)
of the first COUNT watches go into one automaton; each item's title + " " + text is lower-cased
and scanned, and every hit that starts and ends on a word boundary is collected per item. This is
only the scan: no boolean or proximity evaluation, no diacritic folding. Times are CPU seconds of
this process, like newswatch-bench's. Prints one line per COUNT:
  pyahocorasick watches=N terms=T items=I bytes=B seconds=S mb_per_s=X items_per_s=Y items_hit=H
"""
import json, re, sys, time

import ahocorasick

OPERATORS = {"AND", "OR", "NOT", "(", ")"}
REPEATS = 2  # best of, like newswatch-bench's --repeat


def terms_of(query):
    for token in re.findall(r'"[^"]*"|[()]|[^\s()"]+', query):
        if token in OPERATORS:
            continue
        words = re.findall(r"\w+", token.lower())
        if words:
            yield " ".join(words)


def build(terms):
    automaton = ahocorasick.Automaton()
    for index, term in enumerate(terms):
        automaton.add_word(term, (index, len(term)))
    automaton.make_automaton()
    return automaton, terms


def scan(texts, automaton):
    items_hit = 0
    start = time.process_time()
    for text in texts:
        text = text.lower()
        found = set()
        last = len(text) - 1
        for end, (index, length) in automaton.iter(text):
            first = end - length + 1
            if (first == 0 or not text[first - 1].isalnum()) and (end == last or not text[end + 1].isalnum()):
                found.add(index)
        items_hit += bool(found)
    return time.process_time() - start, items_hit


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        items = [json.loads(line) for line in f]
    texts = [item["title"] + " " + item["text"] for item in items]
    size = sum(len(t.encode("utf-8")) for t in texts)
    with open(sys.argv[2], encoding="utf-8") as f:
        queries = [line.rstrip("\n").split("\t", 1)[1] for line in f if "\t" in line]
    counts = list(map(int, sys.argv[3:]))
    automata = {count: build(sorted({t for q in queries[:count] for t in terms_of(q)})) for count in counts}
    best = {}
    for _ in range(REPEATS):  # alternate sizes, like newswatch-bench
        for count in counts:
            seconds, items_hit = scan(texts, automata[count][0])
            best[count] = min(best.get(count, (seconds, items_hit)), (seconds, items_hit))
    for count in counts:
        seconds, items_hit = best[count]
        terms = automata[count][1]
        print(f"pyahocorasick watches={count} terms={len(terms)} items={len(texts)} bytes={size} seconds={seconds:.3f} "
              f"mb_per_s={size / seconds / 1e6:.1f} items_per_s={len(texts) / seconds:.0f} items_hit={items_hit}", flush=True)


if __name__ == "__main__":
    main()
