#!/usr/bin/env python3
"""A small real SMTP server on loopback for the mail tests (aiosmtpd).

Every accepted message is written to --mail-dir as NNNN.eml (the exact bytes received after
DATA) with NNNN.json beside it holding the envelope: mail_from, rcpt_tos, whether the session
used TLS and which login authenticated. Once listening, the bound port is written to --port-file
(written to a temporary name, then renamed, so a reader never sees half a number).

Options:
  --port N            listen on N (0 picks a free port; pass the old port again to restart)
  --reject ADDR       answer RCPT TO:<ADDR> with 550 (repeatable)
  --defer ADDR        answer RCPT TO:<ADDR> with 450 (repeatable)
  --data-reply REPLY  answer the end of DATA with REPLY (e.g. "554 5.7.1 spam") and keep nothing
  --tls-cert/--tls-key offer STARTTLS with this certificate
  --implicit-tls      speak TLS from the first byte (smtps) instead of STARTTLS
  --require-tls       refuse mail transactions before STARTTLS
  --auth USER:PASS    require AUTH (PLAIN or LOGIN) with these credentials
"""
import argparse
import asyncio
import json
import os
import signal
import ssl

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class SavingHandler:
    def __init__(self, mail_dir, rejected, deferred, data_reply=None):
        self.mail_dir = mail_dir
        self.data_reply = data_reply
        self.rejected = {a.lower() for a in rejected}
        self.deferred = {a.lower() for a in deferred}
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.rejected:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        if address.lower() in self.deferred:
            return "450 4.2.1 <%s>: mailbox busy, try later" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_reply:
            return self.data_reply
        self.count += 1
        stem = os.path.join(self.mail_dir, "%04d-%d" % (self.count, os.getpid()))
        tls = server.transport.get_extra_info("ssl_object") is not None
        login = getattr(session.auth_data, "login", None)
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": tls,
            "login": login.decode() if isinstance(login, bytes) else login,
            # The client's port: equal ports mean the messages came over one connection.
            "peer_port": session.peer[1] if session.peer else 0,
        }
        write_atomically(stem + ".json", json.dumps(meta).encode())
        write_atomically(stem + ".eml", envelope.original_content or envelope.content)
        return "250 2.0.0 queued as %04d" % self.count


def write_atomically(path, data):
    tmp = path + ".part"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


class FixedCredentials:
    def __init__(self, user, password):
        self.user = user.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == self.user and auth_data.password == self.password)
        # handled=False lets aiosmtpd answer 535 itself on failure.
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


async def serve(args):
    os.makedirs(args.mail_dir, exist_ok=True)
    handler = SavingHandler(args.mail_dir, args.reject, args.defer, args.data_reply)
    tls_context = None
    if args.tls_cert:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.tls_cert, args.tls_key)
    authenticator = None
    if args.auth:
        user, _, password = args.auth.partition(":")
        authenticator = FixedCredentials(user, password)

    def make_session():
        return SMTP(
            handler,
            hostname="smtp.test",
            tls_context=None if args.implicit_tls else tls_context,
            require_starttls=args.require_tls and not args.implicit_tls,
            authenticator=authenticator,
            auth_required=authenticator is not None,
            # With implicit TLS the channel is already encrypted.
            auth_require_tls=not args.implicit_tls,
            timeout=30,
        )

    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        make_session, host="127.0.0.1", port=args.port, reuse_address=True,
        ssl=tls_context if args.implicit_tls else None)
    port = server.sockets[0].getsockname()[1]
    write_atomically(args.port_file, str(port).encode())

    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.close()


def main():
    # A parent that spawns us from a thread may hand down a mask blocking SIGTERM; undo it so
    # that terminating the server works.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    parser = argparse.ArgumentParser()
    parser.add_argument("--mail-dir", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--defer", action="append", default=[])
    parser.add_argument("--data-reply")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--require-tls", action="store_true")
    parser.add_argument("--auth")
    asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()
