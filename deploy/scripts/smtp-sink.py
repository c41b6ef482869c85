#!/usr/bin/env python3
"""A small SMTP server for tests (Python standard library only): accepts every message and writes it, as received,
to FOLDER/<n>.eml, with the envelope in FOLDER/<n>.envelope and how the session was secured in FOLDER/<n>.session.
Prints "listening on PORT" once it accepts connections.

    python3 smtp-sink.py --folder /tmp/mail [--port 0]
        [--tls-cert cert.pem --tls-key key.pem]   offer STARTTLS
        [--user NAME --password SECRET]            require AUTH PLAIN or LOGIN (only over TLS when TLS is offered)
"""
import argparse
import asyncio
import base64
import itertools
import os
import socket
import ssl

counter = itertools.count(1)


def decode(text):
    try:
        return base64.b64decode(text.strip(), validate=True).decode("utf-8")
    except ValueError:
        return None


async def session(reader, writer, args, tls_context):
    # Answer each command at once (no Nagle delay waiting for more to send).
    writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def reply(line):
        writer.write((line + "\r\n").encode())

    async def ask(prompt):
        reply("334 " + prompt)
        await writer.drain()
        return (await reader.readline()).decode("utf-8", "replace").rstrip("\r\n")

    reply("220 smtp-sink ready")
    sender, recipients = None, []
    secured, user = False, None
    while True:
        await writer.drain()
        raw = await reader.readline()
        if not raw:
            break
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        verb = line[:4].upper()
        if verb in ("EHLO", "HELO"):
            if verb == "HELO":
                reply("250 smtp-sink")
                continue
            extensions = ["8BITMIME", "SMTPUTF8"]
            if tls_context and not secured:
                extensions.append("STARTTLS")
            if args.user and (secured or not tls_context):
                extensions.append("AUTH PLAIN LOGIN")
            reply("250-smtp-sink")
            for i, extension in enumerate(extensions):
                reply(("250 " if i == len(extensions) - 1 else "250-") + extension)
        elif line.upper() == "STARTTLS":
            if not tls_context or secured:
                reply("502 Command not implemented")
                continue
            reply("220 2.0.0 Ready to start TLS")
            await writer.drain()
            try:
                await writer.start_tls(tls_context)
            except (ssl.SSLError, ConnectionError, OSError):
                break  # the client refused our certificate
            secured, sender, recipients, user = True, None, [], None
        elif verb == "AUTH":
            if not args.user:
                reply("502 Command not implemented")
                continue
            if tls_context and not secured:
                reply("538 5.7.11 Encryption required for requested authentication mechanism")
                continue
            parts = line.split(" ", 2)
            mechanism = parts[1].upper() if len(parts) > 1 else ""
            if mechanism == "PLAIN":
                text = decode(parts[2] if len(parts) > 2 else await ask(""))
                fields = text.split("\0") if text is not None else []
                name, password = (fields[1], fields[2]) if len(fields) == 3 else (None, None)
            elif mechanism == "LOGIN":
                name = decode(parts[2]) if len(parts) > 2 else decode(await ask("VXNlcm5hbWU6"))
                password = decode(await ask("UGFzc3dvcmQ6"))
            else:
                reply("504 5.5.4 Unrecognized authentication type")
                continue
            if name == args.user and password == args.password:
                user = name
                reply("235 2.7.0 Authentication successful")
            else:
                reply("535 5.7.8 Authentication credentials invalid")
        elif verb == "MAIL":
            if args.user and user is None:
                reply("530 5.7.0 Authentication required")
                continue
            sender, recipients = line[10:].strip(), []
            reply("250 OK")
        elif verb == "RCPT":
            recipient = line[8:].strip()
            if args.refuse_domain and recipient.strip("<>").lower().endswith("@" + args.refuse_domain.lower()):
                reply("550 5.1.1 Mailbox unavailable")  # a recipient refused for good: a hard bounce
                continue
            recipients.append(recipient)
            reply("250 OK")
        elif verb == "DATA":
            reply("354 End data with <CR><LF>.<CR><LF>")
            await writer.drain()
            lines = []
            while True:
                data = await reader.readline()
                if data in (b".\r\n", b".\n", b""):
                    break
                lines.append(data[1:] if data.startswith(b"..") else data)
            number = next(counter)
            path = os.path.join(args.folder, f"{number:06d}")
            with open(path + ".tmp", "wb") as message:
                message.write(b"".join(lines))
            with open(path + ".envelope", "w", encoding="utf-8") as envelope:
                envelope.write("\n".join([sender or ""] + recipients) + "\n")
            with open(path + ".session", "w", encoding="utf-8") as record:
                record.write(f"tls={'yes' if secured else 'no'}\nuser={user or ''}\n")
            os.replace(path + ".tmp", path + ".eml")  # appears whole, so a reader never sees half a message
            reply(f"250 OK queued as {number}")
        elif verb == "RSET":
            sender, recipients = None, []
            reply("250 OK")
        elif verb == "NOOP":
            reply("250 OK")
        elif verb == "QUIT":
            reply("221 Bye")
            await writer.drain()
            break
        else:
            reply("502 Command not implemented")
    writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--user")
    parser.add_argument("--password", default="")
    parser.add_argument("--refuse-domain", help="refuse every recipient at this domain with 550, as a server refuses an unknown mailbox")
    args = parser.parse_args()
    os.makedirs(args.folder, exist_ok=True)
    tls_context = None
    if args.tls_cert:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.tls_cert, args.tls_key)
    server = await asyncio.start_server(lambda r, w: session(r, w, args, tls_context), "127.0.0.1", args.port)
    print(f"listening on {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
