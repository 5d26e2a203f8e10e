#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Local SMTP servers for exercising Mkmate Mail's SMTP client.

    /usr/bin/python3 tests/smtp-fixture.py --dir DIR [--only NAME,...]
                                           [--port-file FILE] [--verbose]

Creates a throw-away CA and server certificates in DIR (ca.pem, good.pem,
expired.pem, wrongname.pem, selfsigned.pem), starts one listener per
scenario (see LISTENERS) on 127.0.0.1 with an ephemeral port, atomically
writes DIR/ports.json ({"plain": 40123, ..., "ca": "DIR/ca.pem", ...}),
prints READY and serves until SIGTERM/SIGINT.

Accepted AUTH logins: admin@example.test / s3cret-Pässword and
plain-user / hunter2.  Received messages are stored as
DIR/mail/<listener>-<n>.eml; connections, command verbs, AUTH attempts and
messages are appended to DIR/log.jsonl, one JSON object per line.
"""

import argparse
import asyncio
import itertools
import json
import logging
import os
import secrets
import signal
import ssl
import subprocess
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

HOST = "127.0.0.1"
IDENT = "mkm-fixture"
SERVER_HOSTNAME = "localhost"

USERS = {
    "admin@example.test": "s3cret-Pässword",
    "plain-user": "hunter2",
}

OPENSSL_CNF = """\
[ req ]
distinguished_name = req_dn
prompt = no

[ req_dn ]
CN = placeholder

[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ good_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ wrongname_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:wrong.example
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ selfsigned_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash

[ ca ]
default_ca = fixture_ca

[ fixture_ca ]
database = ca-index.txt
new_certs_dir = ca-newcerts
serial = ca-serial
certificate = ca.pem
private_key = ca-key.pem
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = no
copy_extensions = none

[ policy_any ]
commonName = supplied
"""

EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]


def openssl(certdir, *args):
    # Relative paths with cwd=certdir: the config syntax chokes on "$" etc.
    res = subprocess.run(["openssl", *args], cwd=certdir,
                         stdin=subprocess.DEVNULL, capture_output=True,
                         text=True)
    if res.returncode != 0:
        sys.stderr.write(f"smtp-fixture: openssl {' '.join(args)} failed:\n"
                         f"{res.stderr}")
        sys.exit(1)


def make_certificates(certdir):
    cnf = "fixture-openssl.cnf"
    with open(os.path.join(certdir, cnf), "w", encoding="utf-8") as f:
        f.write(OPENSSL_CNF)
    # Fresh CA database every run so old runs never get in the way.
    os.makedirs(os.path.join(certdir, "ca-newcerts"), exist_ok=True)
    for name in ("ca-index.txt", "ca-index.txt.attr", "ca-index.txt.old"):
        try:
            os.unlink(os.path.join(certdir, name))
        except FileNotFoundError:
            pass
    open(os.path.join(certdir, "ca-index.txt"), "w").close()
    with open(os.path.join(certdir, "ca-serial"), "w") as f:
        f.write(secrets.token_hex(8) + "\n")

    openssl(certdir, "req", "-config", cnf, "-x509", "-new", *EC_KEY,
            "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "3650",
            "-subj", "/CN=Mkmate Mail Fixture CA", "-extensions", "ca_ext")
    openssl(certdir, "req", "-config", cnf, "-x509", "-new", *EC_KEY,
            "-keyout", "selfsigned-key.pem", "-out", "selfsigned.pem",
            "-days", "3650", "-subj", "/CN=localhost",
            "-extensions", "selfsigned_ext")

    # `openssl ca` is the only CLI path that accepts a start date in the past.
    signed = {
        "good": ("/CN=localhost", "good_ext", ["-days", "3650"]),
        "expired": ("/CN=localhost", "good_ext",
                    ["-startdate", "20200101000000Z",
                     "-enddate", "20200201000000Z"]),
        "wrongname": ("/CN=wrong.example", "wrongname_ext",
                      ["-days", "3650"]),
    }
    for name, (subj, ext, validity) in signed.items():
        openssl(certdir, "req", "-config", cnf, "-new", *EC_KEY,
                "-keyout", f"{name}-key.pem", "-out", f"{name}.csr",
                "-subj", subj)
        openssl(certdir, "ca", "-config", cnf, "-batch", "-notext",
                "-in", f"{name}.csr", "-out", f"{name}.pem",
                "-extensions", ext, *validity)


def server_context(certdir, name):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(os.path.join(certdir, f"{name}.pem"),
                        os.path.join(certdir, f"{name}-key.pem"))
    return ctx


class Fixture:
    """Shared state: the event log, mail counters, open connections."""

    def __init__(self, directory, verbose):
        self.dir = directory
        self.verbose = verbose
        self.mail_dir = os.path.join(directory, "mail")
        os.makedirs(self.mail_dir, exist_ok=True)
        self.log_path = os.path.join(directory, "log.jsonl")
        self._log = open(self.log_path, "a", encoding="utf-8")
        self._conn_ids = itertools.count(1)
        self._mail_counts = {}
        self.transports = set()

    def event(self, listener, event, **fields):
        record = {"listener": listener, "event": event, **fields}
        # Flushed per line: tests read the log as soon as the client returns.
        self._log.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._log.flush()
        if self.verbose:
            print(json.dumps(record, ensure_ascii=False), file=sys.stderr)

    def next_conn_id(self):
        return next(self._conn_ids)

    def next_mail_path(self, listener):
        n = self._mail_counts.get(listener, 0) + 1
        self._mail_counts[listener] = n
        return os.path.join(self.mail_dir, f"{listener}-{n}.eml")

    def close(self):
        self._log.close()


def command_verb(line):
    verb = line.strip().split(b" ", 1)[0][:32]
    return verb.decode("ascii", "replace").upper()


def authenticator(server, session, envelope, mechanism, auth_data):
    user = None
    ok = False
    if isinstance(auth_data, LoginPassword):
        try:
            user = auth_data.login.decode("utf-8")
            password = auth_data.password.decode("utf-8")
            ok = user in USERS and USERS[user] == password
        except UnicodeDecodeError:
            user = auth_data.login.decode("utf-8", "replace")
    server.fixture.event(server.listener, "auth", conn=server.conn_id,
                         mechanism=mechanism, user=user, success=ok,
                         tls=server.is_tls())
    if ok:
        server.login_user = user
    # handled=False makes aiosmtpd send its 535; with the default (True) a
    # failed AUTH would get no reply at all.
    return AuthResult(success=ok, handled=False, auth_data=auth_data)


class Handler:
    """Accepts everything and stores the message."""

    def __init__(self, fixture, listener, offer_auth):
        self.fixture = fixture
        self.listener = listener
        self.offer_auth = offer_auth

    async def handle_EHLO(self, server, session, envelope, hostname,
                          responses):
        # With a 5-argument EHLO hook aiosmtpd leaves this to the handler.
        session.host_name = hostname
        if not self.offer_auth:
            responses = [r for r in responses if not r[4:].startswith("AUTH")]
        return responses

    async def handle_DATA(self, server, session, envelope):
        path = self.fixture.next_mail_path(self.listener)
        with open(path, "wb") as f:
            f.write(envelope.original_content)
        self.fixture.event(self.listener, "mail", conn=server.conn_id,
                           mail_from=envelope.mail_from,
                           rcpt_tos=list(envelope.rcpt_tos),
                           mail_options=list(envelope.mail_options),
                           file=path, auth=bool(session.authenticated),
                           user=server.login_user, tls=server.is_tls())
        return f"250 2.0.0 Ok: queued as {secrets.token_hex(3).upper()}"


class RejectMailHandler(Handler):
    async def handle_MAIL(self, server, session, envelope, address, options):
        return "553 5.7.1 Sender address rejected: not owned by user"


class RejectRcptHandler(Handler):
    async def handle_RCPT(self, server, session, envelope, address, options):
        return "550 5.1.1 Recipient address rejected: User unknown"


class RejectDataHandler(Handler):
    async def handle_DATA(self, server, session, envelope):
        self.fixture.event(self.listener, "rejected", conn=server.conn_id,
                           mail_from=envelope.mail_from,
                           rcpt_tos=list(envelope.rcpt_tos))
        return "554 5.6.0 Message rejected as spam"


class FixtureSMTP(SMTP):
    """aiosmtpd SMTP that logs connections and every command line's verb."""

    def __init__(self, handler, *, fixture, listener, implicit_tls,
                 offer_auth, **kwargs):
        self.fixture = fixture
        self.listener = listener
        self.implicit_tls = implicit_tls
        self.offer_auth = offer_auth
        self.conn_id = None
        # Not auth_*: aiosmtpd treats auth_* members as SASL mechanisms.
        self.login_user = None
        super().__init__(handler, **kwargs)

    def is_tls(self):
        return self.implicit_tls or self._tls_protocol is not None

    def connection_made(self, transport):
        # Called again with the TLS transport after STARTTLS.
        if self._original_transport is None:
            self.conn_id = self.fixture.next_conn_id()
            self._raw_transport = transport
            self.fixture.transports.add(transport)
            self.fixture.event(self.listener, "connect", conn=self.conn_id,
                               tls=self.implicit_tls)
        else:
            self.fixture.event(self.listener, "starttls", conn=self.conn_id)
        super().connection_made(transport)

    def connection_lost(self, error):
        self.fixture.transports.discard(self._raw_transport)
        self.fixture.event(self.listener, "disconnect", conn=self.conn_id)
        super().connection_lost(error)

    def _client_connected_cb(self, reader, writer):
        super()._client_connected_cb(reader, writer)
        # The command loop is the only caller of readuntil() without a
        # separator (DATA and AUTH use explicit ones), so this sees every
        # command line, including ones aiosmtpd refuses before dispatch.
        original = reader.readuntil

        async def readuntil(*args, **kwargs):
            line = await original(*args, **kwargs)
            if not args and not kwargs:
                self.fixture.event(self.listener, "command",
                                   conn=self.conn_id,
                                   verb=command_verb(line),
                                   tls=self.is_tls())
            return line

        reader.readuntil = readuntil

    async def handle_exception(self, error):
        # Failed STARTTLS handshakes land here; keep them out of stderr.
        self.fixture.event(self.listener, "exception", conn=self.conn_id,
                           type=type(error).__name__, message=str(error))
        return f"500 Error: ({type(error).__name__}) {error}"

    async def smtp_AUTH(self, arg):
        if not self.offer_auth:
            await self.push("502 5.5.1 AUTH not supported")
            return
        await super().smtp_AUTH(arg)


class RawProtocol(asyncio.Protocol):
    """Base for the hand-written misbehaving servers."""

    def __init__(self, fixture, listener):
        self.fixture = fixture
        self.listener = listener
        self.transport = None
        self.conn_id = None
        self.buffer = b""

    def connection_made(self, transport):
        self.transport = transport
        self.conn_id = self.fixture.next_conn_id()
        self.fixture.transports.add(transport)
        self.fixture.event(self.listener, "connect", conn=self.conn_id,
                           tls=False)
        self.greet()

    def connection_lost(self, exc):
        self.fixture.transports.discard(self.transport)
        self.fixture.event(self.listener, "disconnect", conn=self.conn_id)

    def send(self, *lines):
        if not self.transport.is_closing():
            self.transport.write(b"".join(l.encode() + b"\r\n"
                                          for l in lines))

    def data_received(self, data):
        self.buffer += data
        while self.transport is not None and not self.transport.is_closing():
            if not self.consume():
                break

    def consume(self):
        """Handle buffered input; return False when more is needed."""
        line, sep, rest = self.buffer.partition(b"\n")
        if not sep:
            return False
        self.buffer = rest
        self.fixture.event(self.listener, "command", conn=self.conn_id,
                           verb=command_verb(line), tls=False)
        self.line_received(line.rstrip(b"\r"))
        return True

    def greet(self):
        pass

    def line_received(self, line):
        pass


class SilentProtocol(RawProtocol):
    """Accepts the connection and never says a word."""

    def consume(self):
        self.buffer = b""
        return False


class Greet554Protocol(RawProtocol):
    def greet(self):
        self.send("554 5.3.2 No service for you")

    def line_received(self, line):
        if command_verb(line) == "QUIT":
            self.send("221 2.0.0 Bye")
            self.transport.close()
        else:
            self.send("503 5.5.1 bad sequence")


class GarbageProtocol(RawProtocol):
    def greet(self):
        self.send("HELLO THIS IS NOT SMTP")

    def line_received(self, line):
        self.send("xyz")


class MiniSMTPProtocol(RawProtocol):
    """Just enough SMTP to reach DATA; subclasses decide what happens next."""

    in_data = False

    def greet(self):
        self.send(f"220 {SERVER_HOSTNAME} ESMTP {IDENT}")

    def consume(self):
        if not self.in_data:
            return super().consume()
        end = self.buffer.find(b"\r\n.\r\n")
        if end < 0 and self.buffer.startswith(b".\r\n"):
            end = -2
        if end < 0:
            self.data_bytes(complete=False)
            return False
        self.buffer = self.buffer[end + 5:]
        self.in_data = False
        self.data_bytes(complete=True)
        return True

    def line_received(self, line):
        verb = command_verb(line)
        if verb == "EHLO":
            self.send(f"250-{SERVER_HOSTNAME}", "250-8BITMIME",
                      "250 SIZE 33554432")
        elif verb == "HELO":
            self.send(f"250 {SERVER_HOSTNAME}")
        elif verb in ("MAIL", "RCPT", "RSET", "NOOP"):
            self.send("250 2.0.0 Ok")
        elif verb == "DATA":
            self.send("354 End data with <CR><LF>.<CR><LF>")
            self.in_data = True
        elif verb == "QUIT":
            self.send("221 2.0.0 Bye")
            self.transport.close()
        else:
            self.send("502 5.5.1 Command not implemented")

    def data_bytes(self, complete):
        pass


class HangupDataProtocol(MiniSMTPProtocol):
    """Drops the connection once message data arrives, without replying."""

    def data_bytes(self, complete):
        if self.buffer or complete:
            self.fixture.event(self.listener, "hangup", conn=self.conn_id)
            self.transport.abort()


class StallDataProtocol(MiniSMTPProtocol):
    """Swallows the message and everything after it; never answers."""

    def data_bytes(self, complete):
        if complete:
            self.fixture.event(self.listener, "stalled", conn=self.conn_id)
            self.in_data = True


def smtp_listener(handler_cls=Handler, *, tls=None, starttls=False,
                  offer_auth=True, smtputf8=False, exclude_auth=(),
                  auth_required=False):
    return {"kind": "smtp", "handler": handler_cls, "tls": tls,
            "starttls": starttls, "offer_auth": offer_auth,
            "smtputf8": smtputf8, "exclude_auth": list(exclude_auth),
            "auth_required": auth_required}


def raw_listener(protocol_cls):
    return {"kind": "raw", "protocol": protocol_cls}


LISTENERS = {
    "plain": smtp_listener(),
    "plain_noauth": smtp_listener(offer_auth=False),
    # One SASL mechanism each, so that both encodings of a password are seen.
    "plain_authlogin": smtp_listener(exclude_auth=["PLAIN"]),
    "plain_authplain": smtp_listener(exclude_auth=["LOGIN"]),
    # AUTH advertised with no mechanism a client knows.
    "plain_authnone": smtp_listener(exclude_auth=["LOGIN", "PLAIN"]),
    # "530 Authentication required" to MAIL FROM without AUTH.
    "plain_authrequired": smtp_listener(auth_required=True),
    "starttls": smtp_listener(tls="good", starttls=True),
    "starttls_expired": smtp_listener(tls="expired", starttls=True),
    "starttls_wrongname": smtp_listener(tls="wrongname", starttls=True),
    "starttls_selfsigned": smtp_listener(tls="selfsigned", starttls=True),
    "smtps": smtp_listener(tls="good"),
    "smtps_expired": smtp_listener(tls="expired"),
    "smtps_wrongname": smtp_listener(tls="wrongname"),
    "smtputf8": smtp_listener(smtputf8=True),
    "silent": raw_listener(SilentProtocol),
    "greet554": raw_listener(Greet554Protocol),
    "reject_mail": smtp_listener(RejectMailHandler),
    "reject_rcpt": smtp_listener(RejectRcptHandler),
    "reject_data": smtp_listener(RejectDataHandler),
    "hangup_data": raw_listener(HangupDataProtocol),
    "stall_data": raw_listener(StallDataProtocol),
    "garbage": raw_listener(GarbageProtocol),
}


async def start_listener(loop, fixture, name, spec, certdir):
    if spec["kind"] == "raw":
        cls = spec["protocol"]
        return await loop.create_server(lambda: cls(fixture, name), HOST, 0)

    ctx = server_context(certdir, spec["tls"]) if spec["tls"] else None
    handler = spec["handler"](fixture, name, spec["offer_auth"])
    starttls = spec["starttls"]

    def factory():
        return FixtureSMTP(
            handler,
            fixture=fixture,
            listener=name,
            implicit_tls=bool(ctx and not starttls),
            offer_auth=spec["offer_auth"],
            loop=loop,
            hostname=SERVER_HOSTNAME,
            ident=IDENT,
            enable_SMTPUTF8=spec["smtputf8"],
            tls_context=ctx if starttls else None,
            require_starttls=starttls,
            # Implicit TLS is invisible to aiosmtpd, and the plain
            # listeners deliberately allow AUTH in the clear.
            auth_require_tls=starttls,
            authenticator=authenticator,
            auth_exclude_mechanism=spec["exclude_auth"],
            auth_required=spec["auth_required"],
        )

    return await loop.create_server(factory, HOST, 0,
                                    ssl=None if starttls else ctx)


def write_port_file(path, data):
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2, ensure_ascii=False)
        f.write("\n")
    os.replace(tmp, path)


async def serve(args):
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    fixture = Fixture(args.dir, args.verbose)

    def exception_handler(loop, context):
        # Clients aborting handshakes are expected; log, don't spam stderr.
        exc = context.get("exception")
        fixture.event(None, "loop_exception", message=context.get("message"),
                      type=type(exc).__name__ if exc else None,
                      error=str(exc) if exc else None)
        if args.verbose:
            loop.default_exception_handler(context)

    loop.set_exception_handler(exception_handler)

    servers = []
    ports = {}
    for name in args.only:
        server = await start_listener(loop, fixture, name, LISTENERS[name],
                                      args.dir)
        servers.append(server)
        ports[name] = server.sockets[0].getsockname()[1]

    info = dict(ports)
    info.update({
        "ca": os.path.join(args.dir, "ca.pem"),
        "selfsigned_cert": os.path.join(args.dir, "selfsigned.pem"),
        "log": fixture.log_path,
        "mail_dir": fixture.mail_dir,
    })
    write_port_file(args.port_file, info)
    print("READY", flush=True)

    await stop.wait()

    for server in servers:
        server.close()
    for transport in list(fixture.transports):
        transport.abort()
    # Let connection_lost callbacks run before the loop is torn down.
    await asyncio.sleep(0.05)
    fixture.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True,
                        help="directory for certificates, mail and logs")
    parser.add_argument("--only", default=None,
                        help="comma-separated listener names to start")
    parser.add_argument("--port-file", default=None,
                        help="where to write the ports (DIR/ports.json)")
    parser.add_argument("--verbose", action="store_true",
                        help="echo events and aiosmtpd logging to stderr")
    args = parser.parse_args()

    args.dir = os.path.abspath(args.dir)
    os.makedirs(args.dir, exist_ok=True)
    if args.port_file is None:
        args.port_file = os.path.join(args.dir, "ports.json")
    if args.only:
        args.only = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in args.only if n not in LISTENERS]
        if unknown:
            parser.error(f"unknown listener(s): {', '.join(unknown)}; "
                         f"known: {', '.join(LISTENERS)}")
    else:
        args.only = list(LISTENERS)

    # aiosmtpd logs deprecation notices and handshake failures at WARNING and
    # above on every connection; without a handler they would hit stderr.
    mail_log = logging.getLogger("mail.log")
    mail_log.propagate = False
    if args.verbose:
        logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)
        mail_log.addHandler(logging.StreamHandler(sys.stderr))
        mail_log.setLevel(logging.DEBUG)
    else:
        mail_log.addHandler(logging.NullHandler())

    make_certificates(args.dir)
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
