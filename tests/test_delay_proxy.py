"""The delaying proxy adds the round trip it is told to, keeps bytes in order, and carries both ways."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from transport.delay_proxy import delayed


@pytest.fixture
def echo() -> Iterator[int]:
    """A TCP server on 127.0.0.1 that sends back what it reads; its port."""
    server = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            with connection:
                while data := connection.recv(65536):
                    connection.sendall(data)

    threading.Thread(target=serve, daemon=True).start()
    yield server.getsockname()[1]
    server.close()


def exchange(port: int, payloads: list[bytes]) -> tuple[bytes, list[float]]:
    """Send each payload and wait for its echo; what came back, and each exchange's seconds."""
    back, times = b"", []
    with socket.create_connection(("127.0.0.1", port)) as connection:
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for payload in payloads:
            started = time.monotonic()
            connection.sendall(payload)
            got = b""
            while len(got) < len(payload):
                got += connection.recv(65536)
            times.append(time.monotonic() - started)
            back += got
    return back, times


def test_each_exchange_takes_the_round_trip_and_bytes_keep_their_order(echo: int) -> None:
    payloads = [bytes([n]) * (1 + n * 5000) for n in range(1, 6)]
    with delayed(f"http://127.0.0.1:{echo}", 0.1) as proxy:
        back, times = exchange(proxy.port, payloads)
    assert back == b"".join(payloads)
    assert min(times) >= 0.1
    assert max(times) < 0.1 + 0.5  # a correctness bound: the proxy adds its delay, not a multiple of it


def test_without_delay_it_is_a_plain_relay(echo: int) -> None:
    with delayed(f"http://127.0.0.1:{echo}", 0.0) as proxy:
        back, times = exchange(proxy.port, [b"ping"] * 20)
    assert back == b"ping" * 20
    assert sum(times) < 1.0
