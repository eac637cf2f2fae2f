#!/usr/bin/env python3
"""A loopback HTTP server for newswatch's fetch tests: one process, one scenario per path.

    fault_http_server.py --port N

Scenarios (all on 127.0.0.1):
  /feed                  RSS with ETag and Last-Modified; answers 304 to matching If-None-Match or
                         If-Modified-Since. ?etag=0 or ?lastmod=0 drops that validator.
  /cache                 RSS with Cache-Control max-age=1800 and Content-Location
  /gzip                  the RSS gzip-encoded (406 unless the client accepts gzip)
  /bomb?mb=N             N MiB of zeros, gzip-encoded (a few KiB on the wire)
  /big?bytes=N           N bytes of plain text
  /html                  an HTML page (not a feed)
  /headers               the request headers as JSON
  /chain/C1-C2-.../PATH  answers C1 redirecting to /chain/C2-.../PATH; the last code redirects to /PATH
  /loop                  a 301 to itself
  /to?url=U              a 302 to U (any scheme)
  /status/CODE           that status; ?retry-after=V adds a Retry-After header
  /silent                reads the request and never answers
  /trickle               announces 100 bytes and sends one a second
  /slow/G/S/...?ms=M     answers after M ms, counting requests in flight per G and per G/S
  /stats/G or /stats/G/S {"max": most in flight at once, "total": requests seen}
The server exits when its parent process goes away.
"""
import argparse
import gzip
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

ETAG = '"feed-v1"'
LAST_MODIFIED = "Wed, 21 Oct 2026 07:28:00 GMT"
FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Loopback Gazette</title><link>http://127.0.0.1/</link>
<description>Test feed</description><ttl>90</ttl>
<item><title>Harbour bridge reopens after repairs</title><link>http://127.0.0.1/a/1</link><guid>a1</guid>
<pubDate>Tue, 20 Oct 2026 10:00:00 GMT</pubDate></item>
<item><title>City council votes on new tram line</title><link>http://127.0.0.1/a/2</link><guid>a2</guid>
<pubDate>Tue, 20 Oct 2026 12:00:00 GMT</pubDate></item>
</channel></rss>
"""
HTML = b"""<!DOCTYPE html><html><head><title>Loopback Gazette</title>
<link rel="alternate" type="application/rss+xml" href="/feed"></head>
<body><p>This is a web page, not a feed.</p></body></html>
"""

stats_lock = threading.Lock()
in_flight = {}   # group -> current
peaks = {}       # group -> max
totals = {}      # group -> count
bomb_cache = {}
bomb_lock = threading.Lock()


def bomb(mb):
    with bomb_lock:
        if mb not in bomb_cache:
            bomb_cache[mb] = gzip.compress(b"\0" * (mb << 20), 9)
        return bomb_cache[mb]


def enter(groups):
    with stats_lock:
        for g in groups:
            in_flight[g] = in_flight.get(g, 0) + 1
            peaks[g] = max(peaks.get(g, 0), in_flight[g])
            totals[g] = totals.get(g, 0) + 1


def leave(groups):
    with stats_lock:
        for g in groups:
            in_flight[g] -= 1


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FaultServer/1.0"

    def log_message(self, fmt, *args):
        pass

    def send_body(self, status, body, content_type="application/rss+xml; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def redirect(self, code, location):
        self.send_response(code)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        segments = [s for s in path.split("/") if s]
        head = segments[0] if segments else ""
        handler = getattr(self, "scenario_" + head.replace("-", "_"), None)
        if handler is None:
            self.send_body(404, b"no such scenario\n", "text/plain")
        else:
            handler(segments[1:], query)

    def scenario_feed(self, _, query):
        headers = []
        if query.get("etag") != ["0"]:
            headers.append(("ETag", ETAG))
        if query.get("lastmod") != ["0"]:
            headers.append(("Last-Modified", LAST_MODIFIED))
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        names = [h[0] for h in headers]
        if (inm and "ETag" in names and inm.strip() == ETAG) or \
           (inm is None and ims and "Last-Modified" in names and ims.strip() == LAST_MODIFIED):
            self.send_response(304)
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            return
        self.send_body(200, FEED, headers=headers)

    def scenario_cache(self, _, query):
        self.send_body(200, FEED, headers=[("Cache-Control", "public, max-age=1800"),
                                           ("Content-Location", "/feed.xml")])

    def scenario_gzip(self, _, query):
        if "gzip" not in self.headers.get("Accept-Encoding", ""):
            self.send_body(406, b"gzip required\n", "text/plain")
            return
        self.send_body(200, gzip.compress(FEED), headers=[("Content-Encoding", "gzip")])

    def scenario_bomb(self, _, query):
        self.send_body(200, bomb(int(query.get("mb", ["32"])[0])), headers=[("Content-Encoding", "gzip")])

    def scenario_big(self, _, query):
        n = int(query.get("bytes", ["1048576"])[0])
        self.send_body(200, b"a" * n, "text/plain")

    def scenario_html(self, _, query):
        self.send_body(200, HTML, "text/html; charset=utf-8")

    def scenario_headers(self, _, query):
        body = json.dumps({k: v for k, v in self.headers.items()}).encode()
        self.send_body(200, body, "application/json")

    def scenario_chain(self, rest, query):
        codes, target = rest[0].split("-"), "/" + "/".join(rest[1:])
        if len(codes) == 1:
            self.redirect(int(codes[0]), target)
        else:
            self.redirect(int(codes[0]), "/chain/" + "-".join(codes[1:]) + target)

    def scenario_to(self, _, query):
        self.redirect(302, query["url"][0])

    def scenario_loop(self, _, query):
        self.redirect(301, "/loop")

    def scenario_status(self, rest, query):
        headers = [("Retry-After", query["retry-after"][0])] if "retry-after" in query else []
        self.send_body(int(rest[0]), b"status scenario\n", "text/plain", headers)

    def scenario_silent(self, _, query):
        time.sleep(60)
        self.close_connection = True

    def scenario_trickle(self, _, query):
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", "100")
        self.end_headers()
        try:
            for _ in range(100):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(1)
        except OSError:
            pass
        self.close_connection = True

    def scenario_slow(self, rest, query):
        groups = [rest[0]] + (["/".join(rest[:2])] if len(rest) > 1 else [])
        enter(groups)
        try:
            time.sleep(int(query.get("ms", ["300"])[0]) / 1000)
        finally:
            leave(groups)
        self.send_body(200, FEED)

    def scenario_stats(self, rest, query):
        group = "/".join(rest)
        with stats_lock:
            body = json.dumps({"max": peaks.get(group, 0), "total": totals.get(group, 0)}).encode()
        self.send_body(200, body, "application/json")


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # Clients that give up (timeouts, size caps, redirect limits) reset their connections: expected here.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


def exit_with_parent():
    parent = os.getppid()
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    threading.Thread(target=exit_with_parent, daemon=True).start()
    threading.Thread(target=lambda: bomb(32), daemon=True).start()   # the tests' bomb, made before it is asked for
    server = QuietServer(("127.0.0.1", args.port), Handler)
    print(f"listening on 127.0.0.1:{args.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
