"""A bounded soak of `ftsweep serve` (issue 16): 200 keep-alive clients of mixed traffic, then 1,000
idle connections on top, with the server under `ulimit -n 1024`. Prints one JSON object.

usage: serve_soak.py PORT SERVER_PID SECONDS
"""
import asyncio
import json
import resource
import sys
import time

PORT, PID, SECONDS = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
HOST = "127.0.0.1"
CHAT = b'{"model":"local-small","messages":[{"role":"user","content":"the app crashes on start"}]}'
REQUESTS = [
    b"GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /v1/fine_tuning/jobs?limit=5 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /v1/files HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
    + str(len(CHAT)).encode() + b"\r\n\r\n" + CHAT,
]


async def exchange(reader, writer, request):
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    await reader.readexactly(length)
    return status


async def keep_alive_client(index, stop, latencies, failures):
    reader, writer = await asyncio.open_connection(HOST, PORT)
    i = index
    while time.monotonic() < stop:
        started = time.monotonic()
        try:
            status = await exchange(reader, writer, REQUESTS[i % len(REQUESTS)])
        except (OSError, asyncio.IncompleteReadError):
            failures.append("connection")
            reader, writer = await asyncio.open_connection(HOST, PORT)
            continue
        latencies.append(time.monotonic() - started)
        if status != 200:
            failures.append(status)
        i += 1
    writer.close()


async def sequential(count, keep_alive):
    started = time.monotonic()
    reader, writer = await asyncio.open_connection(HOST, PORT)
    for _ in range(count):
        if not keep_alive:
            writer.close()
            reader, writer = await asyncio.open_connection(HOST, PORT)
        await exchange(reader, writer, REQUESTS[0])
    writer.close()
    return count / (time.monotonic() - started)


def rss_kib():
    with open(f"/proc/{PID}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


async def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    keep_alive_rate = await sequential(500, True)
    fresh_rate = await sequential(500, False)
    latencies, failures, idle = [], [], []
    stop = time.monotonic() + SECONDS
    clients = [asyncio.create_task(keep_alive_client(i, stop, latencies, failures)) for i in range(200)]
    rss = [rss_kib()]
    await asyncio.sleep(min(3, SECONDS / 4))
    for _ in range(1000):  # idle connections on top; those past the limits are refused, not fatal
        try:
            idle.append(await asyncio.wait_for(asyncio.open_connection(HOST, PORT), 1))
        except (OSError, asyncio.TimeoutError):
            pass
    while time.monotonic() < stop:
        rss.append(rss_kib())
        await asyncio.sleep(0.5)
    await asyncio.gather(*clients)
    for _, writer in idle:
        writer.close()
    latencies.sort()
    print(json.dumps({
        "requests": len(latencies), "req_per_s": round(len(latencies) / SECONDS, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 2) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 2) if latencies else None,
        "failures": len(failures), "idle_opened": len(idle),
        "rss_start_kib": rss[0], "rss_max_kib": max(rss),
        "keep_alive_req_per_s": round(keep_alive_rate, 1), "new_connection_req_per_s": round(fresh_rate, 1),
    }))


asyncio.run(main())
