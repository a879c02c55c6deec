"""The load and the measurements of Benchmarks/server-memory.sh (see there)."""
import argparse, asyncio, json, threading, time

def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0

class Sampler:
    """Samples the server's RSS every 0.2 s; `peak()` since the last `reset()`."""
    def __init__(self, pid):
        self.pid, self.top, self.stop = pid, 0.0, False
        threading.Thread(target=self.run, daemon=True).start()
    def run(self):
        while not self.stop:
            self.top = max(self.top, rss_mb(self.pid))
            time.sleep(0.2)
    def reset(self):
        self.top = rss_mb(self.pid)
    def peak(self):
        return max(self.top, rss_mb(self.pid))

def big_case(path, target=1_000_000):
    case = json.load(open(path))
    items = [f"мамандық {i} – {'ұзын атау ' * 3}" for i in range(40)]
    subtypes = []
    i = 0
    while len(json.dumps({"s": subtypes}, ensure_ascii=False).encode()) < target:
        subtypes.append({"name": f"Кіші түр {i}: амбулаториялық-емханалық көмек", "items": items})
        i += 1
    case["annex"]["subtypes"] = subtypes
    return json.dumps(case, ensure_ascii=False).encode()

async def post(port, body, counts):
    """One request. The body is sent while the answer is awaited, as curl does, so a 429 that
    comes before the body is read ends the request (the rest of the body is not sent)."""
    writer = None
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 10)
        head = (f"POST /v1/documents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
        async def send():
            try:
                writer.write(head)
                for start in range(0, len(body), 1 << 16):
                    writer.write(body[start:start + (1 << 16)])
                    await writer.drain()
            except (ConnectionError, asyncio.CancelledError):
                pass
        sender = asyncio.create_task(send())
        line = await asyncio.wait_for(reader.readline(), 120)
        status = line.split()[1].decode() if line else "closed"
        while await asyncio.wait_for(reader.read(1 << 16), 120):
            pass
        sender.cancel()
        counts[status] = counts.get(status, 0) + 1
    except asyncio.TimeoutError:
        counts["timeout"] = counts.get("timeout", 0) + 1
    except (ConnectionError, IndexError, asyncio.IncompleteReadError):
        counts["closed"] = counts.get("closed", 0) + 1
    finally:
        if writer is not None:
            writer.close()

async def clients(port, body, n, seconds, counts):
    end = time.monotonic() + seconds
    async def one():
        while time.monotonic() < end:
            await post(port, body, counts)
    await asyncio.gather(*(one() for _ in range(n)))

def settle(pid, seconds=6):
    time.sleep(seconds)
    return rss_mb(pid)

def main():
    p = argparse.ArgumentParser()
    for name in ("port", "pid", "seconds", "clients", "workers", "queue"):
        p.add_argument("--" + name, type=int, required=True)
    p.add_argument("--case", required=True)
    a = p.parse_args()
    body = big_case(a.case)
    sampler = Sampler(a.pid)
    time.sleep(1)
    # Warm up: one small and one large document, so "idle" includes the fonts and caches.
    asyncio.run(post(a.port, open(a.case, "rb").read(), {}))
    asyncio.run(post(a.port, body, {}))
    idle = settle(a.pid, 3)
    rows = []
    sampler.reset()
    counts = {}
    start = time.monotonic()
    for _ in range(40):
        asyncio.run(post(a.port, body, counts))
    rows.append((f"40 sequential × {len(body) / 1e6:.2f} MB", counts, time.monotonic() - start, sampler.peak(), settle(a.pid)))
    sampler.reset()
    counts = {}
    start = time.monotonic()
    asyncio.run(clients(a.port, body, a.clients, a.seconds, counts))
    rows.append((f"{a.clients} clients × {len(body) / 1e6:.2f} MB, {a.seconds} s", counts, time.monotonic() - start,
                 sampler.peak(), settle(a.pid)))
    sampler.stop = True
    print(f"server: --workers {a.workers} --queue {a.queue}; idle RSS after warm-up {idle:.0f} MB")
    print("| load | answers | seconds | peak RSS | RSS 6 s after | after − idle |")
    print("|---|---|---|---|---|---|")
    for name, c, s, peak, after in rows:
        answers = ", ".join(f"{k}: {v}" for k, v in sorted(c.items()))
        print(f"| {name} | {answers} | {s:.1f} | {peak:.0f} MB | {after:.0f} MB | {after - idle:+.0f} MB |")

main()
