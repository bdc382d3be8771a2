#!/usr/bin/env python3
"""Cell-level agreement of agendapack's tables with the tables other extractors' test suites
expect (camelot, tabula-java incl. ICDAR 2013), listed in corpus/MANIFEST.json.

Usage: bench/peers_agreement.py [--bin build/agendapack] [--corpus ../shared/corpus] [--json OUT]

For every expected table: agendapack's tables on the expected page are compared with it and the
best one counts. Agreement = F1 of the multisets of non-empty cells after whitespace
normalisation (case kept, surrounding whitespace and line breaks collapsed). A file's figure is
the mean over its expected tables; "overall" is the mean over files and, pooled, over tables.
The peers were given hints (areas, columns, flavors) that agendapack does without; a test's
password for an encrypted file is passed on (`--password`).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))


def norm(s):
    return re.sub(r"\s+", " ", str(s)).strip()


def bag(rows):
    return Counter(norm(c) for row in rows for c in row if norm(c))


def f1(a, b):
    if not a and not b:
        return 1.0
    tp = sum((a & b).values())
    return 2 * tp / (sum(a.values()) + sum(b.values()))


def rows_on(table, pages):
    """The table's rows printed on `pages`: a peer's test that reads one page of a table
    agendapack joined over page breaks is compared with that page's part (row_pages)."""
    cells = table.get("cells", [])
    row_pages = table.get("row_pages")
    if not pages or not row_pages or len(row_pages) != len(cells):
        return cells
    return [row for row, page in zip(cells, row_pages) if page in pages]


def pages_of(spec):
    out = set()
    for part in str(spec).split(","):
        part = part.strip()
        if re.fullmatch(r"\d+", part):
            out.add(int(part))
        elif re.fullmatch(r"\d+-\d+", part):
            a, b = map(int, part.split("-"))
            out.update(range(a, b + 1))
    return out


def convert(binary, pdf, password=None):
    args = [binary, "convert", pdf, "-o", "-", "-q"]
    if password:
        args += ["--password", password]
    try:
        p = subprocess.run(args, capture_output=True, timeout=300)
        rec = json.loads(p.stdout.decode("utf-8") or "{}")
    except (subprocess.TimeoutExpired, ValueError):
        return None
    return rec if "error" not in rec else None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = os.path.dirname(HERE)
    ap.add_argument("--bin", default=os.path.join(root, "build", "agendapack"))
    ap.add_argument("--corpus", default=os.path.join(root, "..", "shared", "corpus"))
    ap.add_argument("--json", help="write per-file figures here")
    a = ap.parse_args(argv)
    manifest = json.load(open(os.path.join(a.corpus, "MANIFEST.json"), encoding="utf-8"))
    per_file, pooled = {}, []
    started = time.time()
    for f in manifest["files"]:
        expected = f.get("expected_tables") or []
        if not expected:
            continue
        # A peer's test that opens an encrypted file passes its password (camelot's
        # test_password): access, not a layout hint, so agendapack gets it too.
        records = {}
        for exp in expected:
            pw = (exp.get("params") or {}).get("password")
            if pw not in records:
                records[pw] = convert(a.bin, os.path.join(a.corpus, f["path"]), pw)
        rec = records[(expected[0].get("params") or {}).get("password")]
        tables = rec.get("tables", []) if rec else []
        scores = []
        for exp in expected:
            got = records[(exp.get("params") or {}).get("password")]
            tables = got.get("tables", []) if got else []
            want = bag(exp.get("rows", []))
            pages = pages_of(exp.get("pages", ""))
            cands = [t for t in tables if not pages or pages & set(t.get("pages", []))]
            best = max((f1(want, bag(rows_on(t, pages))) for t in cands), default=0.0)
            scores.append(best)
        per_file[f["path"]] = {"tables": len(expected), "found": len(tables),
                               "agreement": sum(scores) / len(scores), "scores": scores,
                               "error": rec is None}
        pooled.extend(scores)
        print(f"{100 * per_file[f['path']]['agreement']:6.1f}  {len(expected):3d} expected "
              f"{len(tables):3d} found  {f['path']}{'  (error record)' if rec is None else ''}")
    # Per peer suite: camelot's tests, tabula-java's own files, and the ICDAR 2013 competition
    # set that tabula-java ships.
    by_peer = {}
    for path, x in per_file.items():
        peer = "icdar2013" if "icdar2013" in path else path.split("/")[1]
        by_peer.setdefault(peer, []).extend(x["scores"])
    peers = {k: 100 * sum(v) / len(v) for k, v in sorted(by_peer.items())}
    print("\nper peer (mean over expected tables): " +
          "  ".join(f"{k} {v:.1f} ({len(by_peer[k])})" for k, v in peers.items()))
    files = list(per_file.values())
    macro = 100 * sum(x["agreement"] for x in files) / max(1, len(files))
    micro = 100 * sum(pooled) / max(1, len(pooled))
    print(f"\noverall: {macro:.1f} (mean over {len(files)} files), {micro:.1f} "
          f"(mean over {len(pooled)} expected tables); {time.time() - started:.1f} s")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as out:
            json.dump({"overall_files": macro, "overall_tables": micro, "peers": peers,
                       "files": per_file}, out,
                      indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
