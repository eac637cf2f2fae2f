#!/usr/bin/env python3
"""The peer for the stories benchmark: datasketch MinHashLSH over the same items.

Usage: datasketch_baseline.py ITEMS.jsonl [--threshold 0.5] [--out PRED.json]

Each item's title and text, lower-cased and split into words, becomes a set of word 3-shingles and a
128-permutation MinHash; items go through MinHashLSH one by one in time order, and an item joins the
story of the first indexed item the LSH returns (else it starts a story). Prints items/s of that step
(shingling, hashing, querying, inserting; not the file reading) and writes the clustering in the
`stories --json` shape for score_stories.py.
"""
import argparse
import json
import re
import sys
import time

from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"\w+")


def shingles(text):
    words = WORD.findall(text.lower())
    if len(words) < 3:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + 3]).encode() for i in range(len(words) - 2)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("items")
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--out")
    args = ap.parse_args()
    with open(args.items, encoding="utf-8") as f:
        items = [json.loads(line) for line in f]
    order = sorted(range(len(items)), key=lambda i: (items[i].get("published") or "", i))

    start = time.perf_counter()
    lsh = MinHashLSH(threshold=args.threshold, num_perm=128)
    story_of = {}
    for i in order:
        item = items[i]
        m = MinHash(num_perm=128)
        m.update_batch(list(shingles(item["title"] + " " + item["text"])))
        found = lsh.query(m)
        story_of[i] = story_of[found[0]] if found else i
        lsh.insert(i, m)
    elapsed = time.perf_counter() - start

    print("datasketch MinHashLSH: %d items in %.3f s = %.0f items/s; %d stories"
          % (len(items), elapsed, len(items) / elapsed, len(set(story_of.values()))))
    if args.out:
        stories = {}
        for i, s in story_of.items():
            stories.setdefault(s, []).append({"guid": items[i]["guid"]})
        with open(args.out, "w") as f:
            json.dump([{"story": s, "items": members} for s, members in stories.items()], f)


if __name__ == "__main__":
    sys.exit(main())
