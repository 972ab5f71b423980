"""A fault-injecting TCP proxy for the soak (bench/soak.py): it stands between the engine and
an object store on 127.0.0.1 and is switched between four modes while connections come and go.

  pass       forwards both ways.
  refuse     the store is down: the listener is closed (new connections are refused) and every
             open connection is reset.
  blackhole  the store hangs: new connections are accepted and read but never answered, and
             open connections stop forwarding. A connection that went black stays black after
             the mode changes again (its packets are gone for good), so the engine has to time
             it out; only new connections see the store return.
  slow       every chunk the store sends is delivered 5 s (SLOW_DELAY) after it arrived, in
             order, so every response starts 5 s late.

It runs its own asyncio loop in a thread; set_mode() is safe to call from any thread.
Standalone: python3 soak_proxy.py LISTEN_PORT UPSTREAM_PORT (then type a mode per line).
"""
import asyncio
import socket
import sys
import threading
import time

MODES = ("pass", "refuse", "blackhole", "slow")
SLOW_DELAY = 5.0
CHUNK = 65536


class _Connection:
    def __init__(self, writer, black):
        self.writer = writer
        self.black = black
        self.upstream = None

    def abort(self):
        for w in (self.writer, self.upstream):
            if w is not None:
                w.transport.abort()


class FaultProxy:
    def __init__(self, listen_port, upstream_port, slow_delay=SLOW_DELAY):
        self.listen_port = listen_port
        self.upstream_port = upstream_port
        self.slow_delay = slow_delay
        self.mode = "pass"
        self.accepted = 0          # connections accepted, for the report
        self.refused_since = None
        self._server = None
        self._connections = set()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="fault-proxy", daemon=True)

    # -- control, from any thread ------------------------------------------------------------
    def start(self):
        self._thread.start()
        self._call(self._listen())

    def set_mode(self, mode):
        if mode not in MODES:
            raise ValueError(f"unknown proxy mode {mode!r}; one of {', '.join(MODES)}")
        self._call(self._set_mode(mode))

    def stop(self):
        self._call(self._shutdown())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=30)

    def _run(self):
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()

    # -- on the proxy's loop -----------------------------------------------------------------
    async def _listen(self):
        if self._server is None:
            self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.listen_port,
                                                      reuse_address=True)

    async def _close_listener(self):
        if self._server is not None:
            self._server.close()
            self._server = None

    async def _set_mode(self, mode):
        if mode == "refuse":
            await self._close_listener()
            for c in list(self._connections):
                c.abort()
            self._connections.clear()
        else:
            await self._listen()
        if mode == "blackhole":
            for c in self._connections:
                c.black = True
        self.mode = mode

    async def _shutdown(self):
        await self._close_listener()
        for c in list(self._connections):
            c.abort()
        self._connections.clear()

    async def _serve(self, reader, writer):
        self.accepted += 1
        conn = _Connection(writer, black=self.mode == "blackhole")
        self._connections.add(conn)
        try:
            if not conn.black:
                try:
                    up_reader, conn.upstream = await asyncio.open_connection("127.0.0.1",
                                                                             self.upstream_port)
                except OSError:
                    return
                await asyncio.gather(self._to_store(reader, conn),
                                     self._from_store(up_reader, conn),
                                     return_exceptions=True)
            else:
                await self._swallow(reader)
        finally:
            self._connections.discard(conn)
            conn.abort()

    @staticmethod
    async def _swallow(reader):
        while await reader.read(CHUNK):
            pass

    async def _to_store(self, reader, conn):
        while True:
            data = await reader.read(CHUNK)
            if not data:
                break
            if conn.black:
                continue
            conn.upstream.write(data)
            await conn.upstream.drain()
        if conn.black:
            conn.abort()  # the engine gave up on it: nothing is left to hold
        elif conn.upstream.can_write_eof():
            conn.upstream.write_eof()  # the client closed its side; the answer may still come

    async def _from_store(self, up_reader, conn):
        # Chunks are stamped when they arrive and delivered (in slow mode) SLOW_DELAY later, so
        # a response in several chunks is late by SLOW_DELAY once, not once per chunk.
        queue = asyncio.Queue()
        deliver = asyncio.ensure_future(self._deliver(queue, conn))
        try:
            while True:
                data = await up_reader.read(CHUNK)
                await queue.put((time.monotonic(), data))
                if not data:
                    break
            await deliver
        finally:
            deliver.cancel()

    async def _deliver(self, queue, conn):
        while True:
            arrived, data = await queue.get()
            if not data:
                break
            if conn.black:
                continue
            if self.mode == "slow":
                wait = arrived + self.slow_delay - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
            if conn.black:
                continue
            conn.writer.write(data)
            await conn.writer.drain()
        if not conn.black:
            conn.writer.close()


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    proxy = FaultProxy(int(sys.argv[1]), int(sys.argv[2]))
    proxy.start()
    print(f"proxy 127.0.0.1:{proxy.listen_port} -> 127.0.0.1:{proxy.upstream_port}; modes: "
          f"{' '.join(MODES)}", flush=True)
    for line in sys.stdin:
        try:
            proxy.set_mode(line.strip())
            print("mode", proxy.mode, flush=True)
        except ValueError as e:
            print(e, flush=True)
    proxy.stop()


if __name__ == "__main__":
    main()
