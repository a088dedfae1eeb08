"""Writes a large corpus of generated articles for benchmarks of the store and `rhetor serve`:
JSONL records (`id`, `text`, `url`, `published`) that `rhetor index` reads, each a run of
paragraphs from one text of ../shared/data (PTC, PolNeAR, TimeBank, AQUAINT), under one of 40
made-up sites and a date between 2015 and 2024. The texts are read at run time; nothing of them
enters the repository.

    python3 scripts/make_corpus.py ../shared/data OUT.jsonl 100000
"""

import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

SITES = [f"{a}-{b}" for a in ("daily", "morning", "evening", "weekly") for b in
         ("ledger", "courier", "herald", "post", "tribune", "chronicle", "mirror", "sentinel",
          "gazette", "observer")]


def texts(data: Path):
    for path in sorted((data / "ptc/train/train-articles").glob("*.txt")):
        yield path.read_text(encoding="utf-8")
    for line in open(data / "attribution/train/docs.jsonl", encoding="utf-8"):
        yield json.loads(line)["text"]
    for name in ("TimeBank", "AQUAINT"):
        for line in open(data / f"timex/train/{name}_inputs.jsonl", encoding="utf-8"):
            record = json.loads(line)
            yield (record.get("title") or "") + "\n\n" + record["text"]


def main(data: str, out: str, count: str) -> None:
    rng = random.Random(7)
    docs = [[p.strip() for p in t.split("\n\n") if p.strip()] for t in texts(Path(data))]
    docs = [d for d in docs if len(d) >= 3]
    start = date(2015, 1, 1)
    with open(out, "w", encoding="utf-8") as f:
        for i in range(int(count)):
            paragraphs = docs[rng.randrange(len(docs))]
            length = rng.randint(3, 10)
            first = rng.randrange(max(1, len(paragraphs) - length + 1))
            body = paragraphs[first:first + length]
            site = SITES[rng.randrange(len(SITES))]
            day = start + timedelta(days=rng.randrange(3650))
            record = {
                "id": f"gen-{i}",
                "text": "\n\n".join(body),
                "url": f"https://www.{site}.example/news/{i}",
                "published": day.isoformat(),
            }
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
