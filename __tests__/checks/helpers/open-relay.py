# A stand-in for a misconfigured mail server, for tests on a lab VPS only: it
# says yes to every command (an open relay), refuses DATA and stores nothing.
# Usage: python3 open-relay.py GREETING-NAME
import asyncio
import sys

NAME = sys.argv[1].encode()


async def handle(reader, writer):
    writer.write(b"220 " + NAME + b" ESMTP open-relay stand-in\r\n")
    while line := await reader.readline():
        verb = line[:4].upper()
        if verb == b"QUIT":
            writer.write(b"221 bye\r\n")
            break
        writer.write(b"250 " + NAME + b"\r\n" if verb == b"EHLO" else b"554 no data here\r\n" if verb == b"DATA" else b"250 ok\r\n")
        await writer.drain()
    writer.close()


async def main():
    # Both families: asyncio makes its "::" socket IPv6-only.
    server = await asyncio.start_server(handle, host=["0.0.0.0", "::"], port=25)
    async with server:
        await server.serve_forever()


asyncio.run(main())
