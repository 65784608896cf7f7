#!/usr/bin/env python3
"""Writes a `git fast-import` stream for a synthetic catalog history: N API folders under
content/apis over C commits (default 1,000 and 50,000). The first N commits add one folder
each (status: proposed); the rest change one file each: mostly a spec, sometimes index.md
(moving the status along proposed → prototype → sandbox → production), about one in ten a file
outside content/apis. Deterministic (fixed seed).

Usage: make_repo.py [APIS] [COMMITS] | git fast-import --quiet"""
import random
import sys

apis = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
commits = int(sys.argv[2]) if len(sys.argv) > 2 else 50000
rng = random.Random(5)
out = sys.stdout.buffer
STATUSES = ["proposed", "prototype", "sandbox", "pilot", "production"]
status = [0] * apis
version = [0] * apis
t0 = 1_600_000_000


def blob(text):
    data = text.encode()
    out.write(b"data %d\n" % len(data))
    out.write(data)
    out.write(b"\n")


def index_md(i):
    return f"---\ntitle: API {i}\nsummary: Synthetic API number {i}.\ninstitution: mc\nstatus: {STATUSES[status[i]]}\naccess: open\n---\nOpis API {i}.\n"


def spec(i):
    return f"openapi: 3.1.0\ninfo:\n  title: API {i}\n  version: \"1.{version[i]}\"\npaths:\n  /items/{{id}}:\n    get:\n      summary: Item\n      responses:\n        \"200\": {{description: ok}}\n"


for n in range(commits):
    when = t0 + n * 600
    out.write(b"commit refs/heads/main\n")
    out.write(b"committer Bench <bench@example.test> %d +0000\n" % when)
    if n < apis:
        i = n
        msg = f"Add api-{i:04d}"
        files = [(f"content/apis/api-{i:04d}/index.md", index_md(i)), (f"content/apis/api-{i:04d}/openapi.yaml", spec(i))]
    else:
        r = rng.random()
        i = rng.randrange(apis)
        if r < 0.1:
            msg = "Update README"
            files = [("README.md", f"Katalog, revision {n}\n")]
        elif r < 0.2 and status[i] < len(STATUSES) - 1:
            status[i] += 1
            msg = f"api-{i:04d}: status {STATUSES[status[i]]}"
            files = [(f"content/apis/api-{i:04d}/index.md", index_md(i))]
        else:
            version[i] += 1
            msg = f"api-{i:04d}: version 1.{version[i]}"
            files = [(f"content/apis/api-{i:04d}/openapi.yaml", spec(i))]
    blob(msg + "\n")
    for path, text in files:
        out.write(f"M 100644 inline {path}\n".encode())
        blob(text)
    out.write(b"\n")
