#!/usr/bin/env python3
"""A small SMTP server for tests (Python standard library only): accepts every message and writes it, as received,
to FOLDER/<n>.eml, with the envelope in FOLDER/<n>.envelope. Prints "listening on PORT" once it accepts connections.

    python3 smtp-sink.py --folder /tmp/mail [--port 0]
"""
import argparse
import asyncio
import itertools
import os
import socket

counter = itertools.count(1)


async def session(reader, writer, folder):
    # Answer each command at once (no Nagle delay waiting for more to send).
    writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def reply(line):
        writer.write((line + "\r\n").encode())

    reply("220 smtp-sink ready")
    sender, recipients = None, []
    while True:
        await writer.drain()
        raw = await reader.readline()
        if not raw:
            break
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        verb = line[:4].upper()
        if verb in ("EHLO", "HELO"):
            reply("250-smtp-sink" if verb == "EHLO" else "250 smtp-sink")
            if verb == "EHLO":
                reply("250-8BITMIME")
                reply("250 SMTPUTF8")
        elif verb == "MAIL":
            sender, recipients = line[10:].strip(), []
            reply("250 OK")
        elif verb == "RCPT":
            recipients.append(line[8:].strip())
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
            path = os.path.join(folder, f"{number:06d}")
            with open(path + ".tmp", "wb") as message:
                message.write(b"".join(lines))
            with open(path + ".envelope", "w", encoding="utf-8") as envelope:
                envelope.write("\n".join([sender or ""] + recipients) + "\n")
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
    args = parser.parse_args()
    os.makedirs(args.folder, exist_ok=True)
    server = await asyncio.start_server(lambda r, w: session(r, w, args.folder), "127.0.0.1", args.port)
    print(f"listening on {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
