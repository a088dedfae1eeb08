#!/usr/bin/env python3
"""Load test of `rhetor serve`: CLIENTS concurrent clients each send REQUESTS searches with two
criteria (words and a technique, an entity and a date range, ...) to /api/search on loopback,
and the latencies' percentiles are printed. Standard library only.

    rhetor serve --store corpus.rhetor --addr 127.0.0.1:8080 &
    python3 scripts/serve_load.py http://127.0.0.1:8080 --clients 100 --requests 20
"""
import argparse, json, statistics, threading, time, urllib.parse, urllib.request

SEARCHES = [
    {"q": "election", "technique": "Loaded_Language"},
    {"q": "government", "since": "2020-01-01"},
    {"entity": "trump", "since": "2019-01-01"},
    {"source": "police", "until": "2025-12-31"},
    {"q": "climate change", "site": "com"},
    {"technique": "Doubt", "min_confidence": "0.5"},
    {"entity": "china", "q": "trade"},
    {"q": "health", "technique": "Flag-Waving"},
]


def client(base, requests, offset, latencies, errors):
    for i in range(requests):
        query = urllib.parse.urlencode(SEARCHES[(offset + i) % len(SEARCHES)])
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(f"{base}/api/search?{query}", timeout=60) as answer:
                json.load(answer)
            latencies.append(time.perf_counter() - start)
        except Exception as e:  # every failure counts; the run goes on
            errors.append(repr(e))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    latencies, errors = [], []
    threads = [
        threading.Thread(target=client, args=(args.base, args.requests, n, latencies, errors))
        for n in range(args.clients)
    ]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    latencies.sort()
    pct = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000
    print(f"{len(latencies)} answers, {len(errors)} errors in {wall:.1f} s "
          f"({len(latencies) / wall:.0f}/s); latency p50 {pct(0.5):.1f} ms, p95 {pct(0.95):.1f} ms, "
          f"max {latencies[-1] * 1000:.1f} ms, mean {statistics.mean(latencies) * 1000:.1f} ms")
    if errors:
        print("first error:", errors[0])


if __name__ == "__main__":
    main()
