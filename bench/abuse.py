"""Load for bench/abuse.sh: plays many clients on many loopback addresses with a minimal
HTTP/1.1 client (keep-alive, one socket per simulated client), so the portal sees each source
address as the TCP peer.

  abuse.py flood  URL REQUESTS ADDRESSES DISTINCT   token requests with wrong secrets
  abuse.py slow   URL CONNECTIONS ADDRESSES SECONDS  slowloris, then legitimate latencies
  abuse.py victim URL CLIENT_ID SECRET SECONDS       an attacker hammers a client id

Each prints one JSON line of figures.
"""

import asyncio
import base64
import json
import random
import statistics
import sys
import time
from urllib.parse import urlparse


async def connect(url, source):
    parts = urlparse(url)
    return await asyncio.open_connection(parts.hostname, parts.port, local_addr=(source, 0))


async def request(reader, writer, method, path, headers, body=b""):
    lines = [f"{method} {path} HTTP/1.1", "Host: portal"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines.append(f"Content-Length: {len(body)}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    await reader.readexactly(length)
    return status


def basic(client_id, secret):
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


TOKEN_BODY = b"grant_type=client_credentials"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


async def flood(url, total, addresses, distinct):
    """`total` token requests with wrong secrets from `addresses` loopback addresses, each
    with a client id of its own when `distinct`, else all for one id."""
    statuses = {}
    per_worker = total // addresses
    base_id = "mnc_" + "%06x" % random.randrange(1 << 24)

    async def worker(index):
        source = f"127.0.{1 + index // 250}.{1 + index % 250}"
        reader, writer = await connect(url, source)
        for n in range(per_worker):
            client_id = f"{base_id}_{index}_{n}" if distinct else base_id
            headers = dict(FORM, Authorization=basic(client_id, "mns_wrong"))
            status = await request(reader, writer, "POST", "/apip/auth/v2/token", headers, TOKEN_BODY)
            statuses[status] = statuses.get(status, 0) + 1
        writer.close()

    started = time.monotonic()
    await asyncio.gather(*(worker(i) for i in range(addresses)))
    return {"requests": per_worker * addresses, "seconds": round(time.monotonic() - started, 1), "statuses": statuses}


async def legit_latencies(url, count):
    """Milliseconds for `count` fresh-connection GET /healthz from an address of their own."""
    times = []
    for _ in range(count):
        started = time.monotonic()
        reader, writer = await connect(url, "127.0.200.1")
        status = await request(reader, writer, "GET", "/healthz", {})
        writer.close()
        if status != 200:
            raise SystemExit(f"/healthz answered {status}")
        times.append((time.monotonic() - started) * 1000)
        await asyncio.sleep(0.02)
    return times


async def slow(url, connections, addresses, seconds):
    """Median latency of legitimate requests with and without `connections` slowloris
    connections (a header byte every second, reopened when the portal closes them)."""
    quiet = await legit_latencies(url, 40)
    stop = asyncio.Event()
    open_now = [0]
    reopened = [0]

    async def slowloris(index):
        source = f"127.0.100.{1 + index % addresses}"
        payload = b"GET /healthz HTTP/1.1\r\nHost: portal\r\n" + b"X-a: b\r\n" * 10_000
        while not stop.is_set():
            try:
                _, writer = await connect(url, source)
            except OSError:
                await asyncio.sleep(0.5)
                continue
            open_now[0] += 1
            try:
                for byte in payload:
                    if stop.is_set():
                        break
                    writer.write(bytes([byte]))
                    await writer.drain()
                    await asyncio.sleep(1)
            except (ConnectionError, OSError):
                reopened[0] += 1
            finally:
                open_now[0] -= 1
                writer.close()

    tasks = [asyncio.create_task(slowloris(i)) for i in range(connections)]
    await asyncio.sleep(3)
    held = open_now[0]
    loaded = await legit_latencies(url, 40)
    await asyncio.sleep(max(0, seconds - 3))
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {
        "slow_connections_open": held,
        "slow_connections_cut_off": reopened[0],
        "quiet_median_ms": round(statistics.median(quiet), 2),
        "loaded_median_ms": round(statistics.median(loaded), 2),
        "loaded_p95_ms": round(sorted(loaded)[int(len(loaded) * 0.95) - 1], 2),
    }


async def victim(url, client_id, secret, seconds):
    """The owner asks for a token every 100 ms from one address while an attacker sends wrong
    secrets for the same client id as fast as it can from another; then the owner alone."""
    stop = asyncio.Event()
    attacker = {}

    async def attack():
        reader, writer = await connect(url, "127.0.66.1")
        headers = dict(FORM, Authorization=basic(client_id, "mns_wrong"))
        while not stop.is_set():
            status = await request(reader, writer, "POST", "/apip/auth/v2/token", headers, TOKEN_BODY)
            attacker[status] = attacker.get(status, 0) + 1
        writer.close()

    async def owner(duration):
        reader, writer = await connect(url, "127.0.77.1")
        headers = dict(FORM, Authorization=basic(client_id, secret))
        ok = total = 0
        deadline = time.monotonic() + duration
        while time.monotonic() < deadline:
            status = await request(reader, writer, "POST", "/apip/auth/v2/token", headers, TOKEN_BODY)
            total += 1
            ok += status == 200
            await asyncio.sleep(0.1)
        writer.close()
        return ok, total

    attacking = [asyncio.create_task(attack()) for _ in range(4)]
    ok, total = await owner(seconds)
    stop.set()
    await asyncio.gather(*attacking, return_exceptions=True)
    alone_ok, alone_total = await owner(min(seconds, 3))
    return {
        "owner_success_under_attack": ok / total,
        "owner_requests_under_attack": total,
        "owner_success_alone": alone_ok / alone_total,
        "attacker_statuses": attacker,
    }


def main():
    command, url, *args = sys.argv[1:]
    if command == "flood":
        result = flood(url, int(args[0]), int(args[1]), args[2] == "distinct")
    elif command == "slow":
        result = slow(url, int(args[0]), int(args[1]), int(args[2]))
    elif command == "victim":
        result = victim(url, args[0], args[1], int(args[2]))
    else:
        raise SystemExit(__doc__)
    print(json.dumps(asyncio.run(result)))


if __name__ == "__main__":
    main()
