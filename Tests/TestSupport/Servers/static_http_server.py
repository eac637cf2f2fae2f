#!/usr/bin/env python3
"""Serves a folder on 127.0.0.1 for newswatch's end-to-end tests.

    static_http_server.py --port N --root DIR

Plain files with Last-Modified (304 on a matching If-Modified-Since), like a simple web server.
The server exits when its parent process goes away.
"""
import argparse
import functools
import os
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer


class QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".xml": "application/rss+xml", ".json": "application/feed+json"}

    def log_message(self, *args):
        pass


def exit_with_parent():
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--root", required=True)
    args = parser.parse_args()
    threading.Thread(target=exit_with_parent, daemon=True).start()
    handler = functools.partial(QuietHandler, directory=args.root)
    ThreadingHTTPServer(("127.0.0.1", args.port), handler).serve_forever()


if __name__ == "__main__":
    main()
