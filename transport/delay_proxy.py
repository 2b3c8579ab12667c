"""A TCP proxy on 127.0.0.1 that delays every byte by half a round trip each way: a platform
"far away" on the loopback, to measure what latency costs a run (benchmarks, tests).

Bytes keep their order and are never slowed by the ones before them: each chunk read from one
side is written to the other *delay / 2* seconds after it arrived, as a long link with ample
bandwidth would carry it. The proxy runs an asyncio loop in a thread of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit


class DelayProxy:
    """Forwards 127.0.0.1:*port* to *upstream* (``http://host:port``) with *round_trip* seconds
    added to every exchange (half on the way there, half on the way back)."""

    def __init__(self, upstream: str, round_trip: float) -> None:
        parts = urlsplit(upstream)
        if not parts.hostname or not parts.port:
            raise ValueError(f"an upstream needs a host and a port: {upstream!r}")
        self.upstream = (parts.hostname, parts.port)
        self.one_way = round_trip / 2
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="delay proxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> DelayProxy:
        self._thread.start()
        if not self._ready.wait(timeout=10):
            raise RuntimeError("the delay proxy did not start")
        return self

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            self._loop.run_forever()
        finally:
            server.close()
            pending = asyncio.all_tasks(self._loop)
            for task in pending:
                task.cancel()
            self._loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self._loop.close()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            writer.close()
            return
        with contextlib.suppress(asyncio.CancelledError):  # the proxy stops: its connections end with it
            await asyncio.gather(self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Carry what *reader* reads to *writer*, each chunk one way's delay after it arrived."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def deliver() -> None:
            try:
                while True:
                    due, chunk = await queue.get()
                    if (wait := due - loop.time()) > 0:
                        await asyncio.sleep(wait)
                    if not chunk:
                        break
                    writer.write(chunk)
                    await writer.drain()
            finally:
                with contextlib.suppress(OSError, RuntimeError):
                    writer.close()

        delivering = asyncio.ensure_future(deliver())
        try:
            while chunk := await reader.read(65536):
                queue.put_nowait((loop.time() + self.one_way, chunk))
        except OSError:
            pass
        queue.put_nowait((loop.time() + self.one_way, b""))
        with contextlib.suppress(OSError):
            await delivering


@contextlib.contextmanager
def delayed(upstream: str, round_trip: float) -> Iterator[DelayProxy]:
    """A :class:`DelayProxy` to *upstream*, running while the ``with`` block runs."""
    proxy = DelayProxy(upstream, round_trip).start()
    try:
        yield proxy
    finally:
        proxy.stop()


def main(argv: list[str] | None = None) -> None:
    """``python -m transport.delay_proxy UPSTREAM MILLISECONDS``: serve until stopped, printing
    the proxy's URL first (in a process of its own, it takes no CPU from the rig it measures)."""
    parser = argparse.ArgumentParser(description="a TCP proxy on 127.0.0.1 adding a round trip")
    parser.add_argument("upstream", help="http://host:port")
    parser.add_argument("milliseconds", type=float, help="the round trip it adds")
    args = parser.parse_args(argv)
    proxy = DelayProxy(args.upstream, args.milliseconds / 1000).start()
    print(proxy.url, flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        threading.Event().wait()


if __name__ == "__main__":
    main()
