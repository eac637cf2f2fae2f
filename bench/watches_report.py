#!/usr/bin/env python3
"""watches_report.py - side-by-side table of `newswatch-bench watches` and pyahocorasick_baseline.py.

Usage: python3 watches_report.py NEWSWATCH.txt PYAHOCORASICK.txt
Both files hold "NAME key=value ..." lines; other lines (agreement checks) are printed as they are.
"""
import sys


def read(path):
    runs, other = {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.split()
            if fields and all("=" in x for x in fields[1:]) and len(fields) > 1:
                values = dict(x.split("=", 1) for x in fields[1:])
                runs[int(values["watches"])] = values
            elif line.strip():
                other.append(line.rstrip("\n"))
    return runs, other


def main():
    ours, our_notes = read(sys.argv[1])
    peer, peer_notes = read(sys.argv[2])
    first = next(iter(ours.values()))
    print(f"watches benchmark: {first['items']} items, {int(first['bytes']) / 1e6:.1f} MB of title + description text")
    print(f"{'watches':>8} | {'newswatch MB/s':>14} {'items/s':>9} | {'pyahocorasick MB/s':>18} {'items/s':>9} | {'throughput ratio':>16}")
    for count in sorted(ours):
        a, b = ours[count], peer.get(count)
        ratio = f"{float(a['mb_per_s']) / float(b['mb_per_s']):.2f}x" if b else "-"
        peer_cols = f"{b['mb_per_s']:>18} {b['items_per_s']:>9}" if b else f"{'-':>18} {'-':>9}"
        print(f"{count:>8} | {a['mb_per_s']:>14} {a['items_per_s']:>9} | {peer_cols} | {ratio:>16}")
    if len(ours) >= 2:
        low, high = min(ours), max(ours)
        ours_ratio = float(ours[high]["seconds"]) / float(ours[low]["seconds"])
        line = f"time with {high} watches / time with {low}: newswatch {ours_ratio:.2f} (target <= 2)"
        if low in peer and high in peer:
            line += f", pyahocorasick {float(peer[high]['seconds']) / float(peer[low]['seconds']):.2f}"
        print(line)
    print("times are CPU seconds, best of several passes. newswatch evaluates every watch's full query; pyahocorasick only finds the watches' words and phrases.")
    for note in our_notes + peer_notes:
        print(note)


if __name__ == "__main__":
    main()
