"""The Python package on fixtures written for these tests."""

import threading

import pytest

import rhetor

ARTICLE = (
    "Harbour council delays bridge repair\n\n"
    "PORT CALDER: The council voted 6 to 3 on Monday to delay the repair, "
    "Mayor Ana Ruiz said. \"We cannot pay for it this year,\" she told reporters."
)


@pytest.fixture(scope="module")
def pipeline():
    return rhetor.Pipeline()


def test_analyze_returns_the_rhetor_document(pipeline):
    doc = pipeline.analyze(text=ARTICLE, id="note-1", url="https://example.org/a")
    assert doc["schema"] == "rhetor/1"
    assert doc["id"] == "note-1"
    assert doc["source"]["url"] == "https://example.org/a"
    for layer in ("entities", "attributions", "claims", "checkworthiness", "timexes", "techniques"):
        assert layer in doc
    # Offsets are characters of the text, as Python slices them.
    for e in doc["entities"]:
        assert doc["text"][e["start"]:e["end"]].strip() == doc["text"][e["start"]:e["end"]]
    assert any(doc["text"][e["start"]:e["end"]] == "Ana Ruiz" for e in doc["entities"])


def test_html_and_bytes_inputs(pipeline):
    html = "<html><head><title>Dam vote</title></head><body><article><p>" + "The vote is on Monday. " * 20 + "</p></article></body></html>"
    assert pipeline.analyze(html=html)["meta"]["title"] == "Dam vote"
    assert pipeline.analyze(data=html.encode())["source"]["format"] == "html"


def test_layers_and_tier_are_chosen():
    text_only = rhetor.Pipeline(layers=["text"])
    doc = text_only.analyze(text=ARTICLE)
    assert "sentences" in doc and "entities" not in doc
    claims = rhetor.Pipeline(layers="claims").analyze(text=ARTICLE)
    assert "attributions" in claims and "techniques" not in claims
    with pytest.raises(ValueError, match="unknown layer"):
        rhetor.Pipeline(layers=["speakers"])
    with pytest.raises(ValueError, match="unknown tier"):
        rhetor.Pipeline(tier="slow")


def test_the_accurate_tier():
    doc = rhetor.Pipeline(tier="accurate", layers=["techniques"]).analyze(text=ARTICLE)
    assert "techniques" in doc


def test_bad_input_raises_a_python_error(pipeline):
    with pytest.raises(rhetor.RhetorError, match="bad-1"):
        pipeline.analyze(text="", id="bad-1")
    with pytest.raises(TypeError):
        pipeline.analyze(text=42)
    with pytest.raises(TypeError):
        pipeline.analyze(data="not bytes")
    with pytest.raises(TypeError):
        pipeline.analyze(text="a", html="b")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        pipeline.analyze(text=ARTICLE, published="yesterday")
    assert issubclass(rhetor.RhetorError, ValueError)


def test_a_batch_keeps_order_and_reports_bad_records(pipeline):
    records = [{"id": f"d{i}", "text": ARTICLE.replace("6 to 3", f"{i} to 3")} for i in range(12)]
    records[5] = {"id": "empty", "text": "   "}
    docs = pipeline.analyze_batch(records, jobs=3)
    assert [d["id"] for d in docs] == [r["id"] for r in records]
    assert "error" in docs[5] and "empty" in docs[5]["error"]
    assert all("error" not in d for i, d in enumerate(docs) if i != 5)
    assert pipeline.analyze_batch([]) == []
    with pytest.raises(TypeError):
        pipeline.analyze_batch(["not a mapping"])


def test_threads_share_one_pipeline(pipeline):
    results = [None] * 4

    def work(i):
        results[i] = pipeline.analyze(text=ARTICLE, id=f"t{i}")["id"]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["t0", "t1", "t2", "t3"]


def test_arrow_rows_in_and_out(pipeline):
    pa = pytest.importorskip("pyarrow")
    table = pa.table(
        {
            "id": ["a", "b", "c"],
            "text": [ARTICLE, None, "The vote is on Monday."],
            "url": ["https://example.org/a", None, None],
        }
    )
    rows = pipeline.analyze_arrow(table, jobs=2)
    assert isinstance(rows, pa.RecordBatch)
    assert rows.num_rows == 3
    assert rows.column("id").to_pylist() == ["a", "b", "c"]
    errors = rows.column("error").to_pylist()
    assert errors[0] is None and errors[2] is None and "b" in errors[1]
    # The same analysis as the dict path, offsets in characters.
    first = rows.slice(0, 1).to_pylist()[0]
    doc = pipeline.analyze(text=ARTICLE, id="a", url="https://example.org/a")
    assert first["text"] == doc["text"]
    assert [(e["start"], e["end"], e["label"]) for e in first["entities"]] == [
        (e["start"], e["end"], e["label"]) for e in doc["entities"]
    ]
    assert first["source"]["url"] == "https://example.org/a"
    # A batch of records, and an empty one, give the same schema.
    empty = pipeline.analyze_arrow([])
    assert empty.num_rows == 0 and empty.schema == rows.schema
