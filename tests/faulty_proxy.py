"""A TCP proxy on 127.0.0.1 in front of the sandbox that breaks the connections it is told to.

Each new connection takes the next fault of the script, then connections pass through:

- ``drop``: read the request, close without answering (the server never sees it);
- ``drop_after_forward``: forward the request, wait for the server's answer, close without
  relaying it (the server did the work; the client sees a dropped connection);
- ``503``: answer 503 with an error envelope and ``Connection: close``.
"""

from __future__ import annotations

import json
import select
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

FAULTS = ("drop", "drop_after_forward", "503")


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def _pipe(a: socket.socket, b: socket.socket) -> None:
    sockets = [a, b]
    while True:
        readable, _, _ = select.select(sockets, [], [], 5)
        if not readable:
            continue
        for sock in readable:
            data = sock.recv(65536)
            if not data:
                return
            (b if sock is a else a).sendall(data)


@dataclass
class FaultyProxy:
    upstream_port: int
    faults: list[str]
    port: int = 0
    connections: int = 0
    served: list[str] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _handle(self, conn: socket.socket, fault: str) -> None:
        with conn:
            if fault == "pass":
                with socket.create_connection(("127.0.0.1", self.upstream_port)) as upstream:
                    _pipe(conn, upstream)
                return
            request = _read_request(conn)
            if fault == "drop_after_forward":
                with socket.create_connection(("127.0.0.1", self.upstream_port)) as upstream:
                    upstream.sendall(request)
                    upstream.recv(1)  # the server has answered: the work is done
            elif fault == "503":
                body = json.dumps({"error": {"code": "unavailable", "message": "proxy says 503"}}).encode()
                head = (
                    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\nX-Request-ID: req_proxy\r\nConnection: close\r\n\r\n"
                )
                conn.sendall(head.encode() + body)

    def _serve(self, listener: socket.socket) -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            fault = self.faults.pop(0) if self.faults else "pass"
            self.connections += 1
            self.served.append(fault)
            threading.Thread(target=self._handle, args=(conn, fault), daemon=True).start()


@contextmanager
def faulty_proxy(upstream_port: int, faults: list[str]) -> Iterator[FaultyProxy]:
    unknown = set(faults) - set(FAULTS)
    if unknown:
        raise ValueError(f"unknown faults {sorted(unknown)}; known: {FAULTS}")
    proxy = FaultyProxy(upstream_port, list(faults))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    proxy.port = listener.getsockname()[1]
    thread = threading.Thread(target=proxy._serve, args=(listener,), daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() above
        listener.close()
        thread.join(timeout=5)
