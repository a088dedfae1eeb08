"""Files read from Python: whole, in parts of a `.warc.gz`, and the Spark job over them."""

import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet
import pytest

import crawl
import rhetor

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pipeline():
    return rhetor.Pipeline(layers="text")


@pytest.fixture(scope="module")
def warc(tmp_path_factory):
    path = tmp_path_factory.mktemp("crawl") / "crawl.warc.gz"
    rows = crawl.write(path, 1000)
    return path, rows


def ids(batches):
    return [row["id"] for batch in batches for row in batch.to_pylist()]


def test_parts_of_a_warc_read_every_record_once(pipeline, warc):
    path, rows = warc
    whole = ids(pipeline.analyze_file_arrow(path))
    assert len(whole) == rows
    size = path.stat().st_size
    step = size // 7 + 1
    parts = []
    for start in range(0, size, step):
        parts += ids(pipeline.analyze_file_arrow(path, start=start, end=start + step))
    assert parts == whole
    # The same from a file object opened elsewhere, positioned at the part's start.
    second = ids(pipeline.analyze_file_arrow(path, start=step, end=2 * step))
    assert second
    with open(path, "rb") as file:
        file.seek(step)
        assert ids(pipeline.analyze_file_arrow(file, str(path), start=step, end=2 * step)) == second


def test_bad_records_and_files_become_error_rows(pipeline, warc):
    path, _ = warc
    rows = [r for b in pipeline.analyze_file_arrow(path) for r in b.to_pylist()]
    errors = [r["error"] for r in rows if r["error"]]
    assert len(errors) == 3, errors
    assert any("over the limit" in e for e in errors)
    assert any("corrupt gzip data" in e for e in errors)
    assert any("https://gazette.example/after" == r["id"] for r in rows)
    assert any("https://gazette.example/bare" == r["id"] for r in rows)
    assert not any(r["id"].endswith("logo.png") for r in rows)
    (missing,) = [r for b in pipeline.analyze_file_arrow("no/such.warc.gz") for r in b.to_pylist()]
    assert missing["id"] == "no/such.warc.gz" and "cannot read" in missing["error"]
    with pytest.raises(TypeError):
        list(pipeline.analyze_file_arrow(42))


def _spark_ready():
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return False
    return shutil.which("java") is not None


def _cli():
    cli = os.environ.get("RHETOR_CLI") or str(ROOT / "target" / "release" / "rhetor")
    return cli if Path(cli).exists() else None


def _comparable(value):
    """A row or document without its nulls, its floats at Parquet's precision (float32)."""
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    if isinstance(value, float):
        return struct.unpack("f", struct.pack("f", value))[0]
    return value


@pytest.mark.skipif(
    not os.environ.get("RHETOR_REQUIRE_SPARK") and not (_spark_ready() and _cli()),
    reason="needs pyspark, a Java runtime and the rhetor CLI (.ci/run requires them)",
)
def test_the_spark_job_writes_what_the_cli_writes(warc, tmp_path):
    path, rows = warc
    out = tmp_path / "out"
    job = subprocess.run(
        [
            sys.executable,
            "-m",
            "rhetor.spark",
            str(path),
            str(tmp_path / "missing.warc.gz"),
            "--output",
            str(out),
            "--master",
            "local[2]",
            "--part-size",
            "100000",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert job.returncode == 0, job.stderr[-3000:]
    assert f"{rows + 1} rows (4 errors)" in job.stderr
    spark = [_comparable(r) for r in pyarrow.parquet.read_table(out).to_pylist()]
    (missing,) = [r for r in spark if r["id"].endswith("missing.warc.gz")]
    assert "cannot read" in missing["error"]
    spark.remove(missing)

    cli = subprocess.run(
        [_cli(), "analyze", str(path), "--format", "jsonl"], capture_output=True, text=True
    )
    expected = [json.loads(line) for line in cli.stdout.splitlines()]
    for doc in expected:
        for claim in doc.get("claims", []):
            # Parquet writes the author as the speaker of a claim as null (docs/PARQUET.md).
            if claim.get("speaker") == "author":
                del claim["speaker"]
    assert len(expected) == rows
    by_id = lambda docs: sorted(docs, key=lambda d: d["id"])  # noqa: E731
    assert by_id(spark) == by_id([_comparable(d) for d in expected])
