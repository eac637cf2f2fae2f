#!/usr/bin/env python3
"""A tiny HTTP server on loopback that records webhook POSTs, for the mail tests.

Each POST is counted; its body is written to --record-dir as NNNN.json together with
NNNN.headers.json (the request path and headers). The first --fail-first requests are answered
with --fail-status (503 by default) and not recorded as delivered (their bodies go to
NNNN.failed.json); later ones get 204. With --always-status every request gets that status.
The bound port is written to --port-file once listening.
"""
import argparse
import json
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def write_atomically(path, data):
    tmp = path + ".part"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def make_handler(args):
    lock = threading.Lock()
    state = {"count": 0}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt, *a):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            with lock:
                state["count"] += 1
                n = state["count"]
            if args.always_status:
                status = args.always_status
            elif n <= args.fail_first:
                status = args.fail_status
            else:
                status = 204
            stem = os.path.join(args.record_dir, "%04d" % n)
            meta = {"path": self.path, "headers": dict(self.headers.items()), "status": status}
            write_atomically(stem + ".headers.json", json.dumps(meta).encode())
            write_atomically(stem + (".json" if 200 <= status < 300 else ".failed.json"), body)
            self.send_response(status)
            if status == 204:
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                reply = b'{"error":"test server refused on purpose"}'
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

    return Handler


def main():
    # A parent that spawns us from a thread may hand down a mask blocking SIGTERM; undo it so
    # that terminating the server works.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    parser = argparse.ArgumentParser()
    parser.add_argument("--record-dir", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--fail-status", type=int, default=503)
    parser.add_argument("--always-status", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.record_dir, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(args))
    write_atomically(args.port_file, str(server.server_address[1]).encode())
    server.serve_forever()


if __name__ == "__main__":
    main()
