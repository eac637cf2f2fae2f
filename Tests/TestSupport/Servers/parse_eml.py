#!/usr/bin/env python3
"""Parses a received .eml with Python's email package and prints what a mail client would see,
as JSON: decoded headers (in order, RFC 2047 decoded), the MIME tree with each leaf's type,
charset, transfer encoding and decoded text, and any defects the parser found.
Used by the mail tests as an independent check of our MIME rendering."""
import hashlib
import json
import sys
from email import policy
from email.parser import BytesParser


def describe(part):
    node = {
        "content_type": part.get_content_type(),
        "charset": part.get_content_charset(),
        "transfer_encoding": part.get("Content-Transfer-Encoding"),
        "defects": [type(d).__name__ for d in part.defects],
    }
    if part.is_multipart():
        node["parts"] = [describe(p) for p in part.iter_parts()]
    elif part.get_content_maintype() == "text":
        node["text"] = part.get_content()
    else:
        data = part.get_content()
        node["size"] = len(data)
        node["sha256"] = hashlib.sha256(data).hexdigest()
        node["content_id"] = part.get("Content-ID")
        node["filename"] = part.get_filename()
    return node


def main():
    with open(sys.argv[1], "rb") as f:
        message = BytesParser(policy=policy.default).parse(f)
    print(json.dumps({
        "headers": [[name, str(value)] for name, value in message.items()],
        "mime": describe(message),
    }))


if __name__ == "__main__":
    main()
