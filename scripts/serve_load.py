#!/usr/bin/env python3
"""Load test of `rhetor serve`: CLIENTS concurrent clients each send REQUESTS searches with two
criteria (words and a technique, an entity and a date range, ...) to /api/search on loopback,
each answered with its first page and the facet counts of all its matches, and the latencies'
percentiles are printed. Standard library only.

    rhetor serve --store corpus.rhetor --addr 127.0.0.1:8080 &
    python3 scripts/serve_load.py http://127.0.0.1:8080 --clients 100 --requests 20
"""
import argparse, json, random, statistics, threading, time, urllib.parse, urllib.request

# Values each criterion draws from; every search combines two criteria drawn at random (seeded),
# so few searches repeat and the server's kept counts rarely answer for it.
VALUES = {
    "q": ["election", "government", "police", "climate", "health", "war", "court", "trade",
          "president", "economy", "vote", "military", "school", "border", "tax", "energy",
          "minister", "attack", "market", "law"],
    "entity": ["trump", "china", "russia", "obama", "clinton", "iran", "israel", "syria",
               "congress", "europe", "washington", "london", "fbi", "united states", "putin"],
    "source": ["police", "officials", "trump", "spokesman", "ministry", "obama", "he said",
               "the white house", "experts", "witnesses"],
    "technique": ["Loaded_Language", "Doubt", "Flag-Waving", "Name_Calling,Labeling",
                  "Exaggeration,Minimisation", "Appeal_to_fear-prejudice", "Repetition",
                  "Causal_Oversimplification", "Slogans", "Appeal_to_Authority"],
    "site": ["daily ledger", "morning herald", "evening post", "weekly tribune", "gazette",
             "courier", "com", "org", "mirror", "observer"],
    "since": [f"{y}-01-01" for y in range(2015, 2025)],
    "until": [f"{y}-12-31" for y in range(2015, 2025)],
    "min_confidence": ["0.5", "0.7", "0.9"],
}
PAIRS = [("q", "technique"), ("q", "since"), ("entity", "since"), ("source", "until"),
         ("q", "site"), ("technique", "site"), ("entity", "q"), ("technique", "min_confidence"),
         ("entity", "technique"), ("source", "site")]


def searches(seed, count):
    rng = random.Random(seed)
    for _ in range(count):
        pair = rng.choice(PAIRS)
        yield {key: rng.choice(VALUES[key]) for key in pair}


def client(base, requests, seed, latencies, errors):
    for search in searches(seed, requests):
        query = urllib.parse.urlencode(search)
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
    parser.add_argument("--seed", type=int, default=0, help="another seed draws other searches")
    args = parser.parse_args()
    latencies, errors = [], []
    threads = [
        threading.Thread(target=client, args=(args.base, args.requests, args.seed + n, latencies, errors))
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
