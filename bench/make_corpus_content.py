#!/usr/bin/env python3
"""Wraps every spec of ../shared/corpus/apis-guru-sample as an API folder of a content/ catalog
(the same shape the end-to-end corpus test builds), so the build can be measured on 35 MB of
real specs.  Usage: make_corpus_content.py CORPUS_DIR OUT_DIR"""
import os, re, shutil, sys

corpus, out = sys.argv[1], sys.argv[2]
shutil.rmtree(out, ignore_errors=True)
os.makedirs(os.path.join(out, "institutions"))
with open(os.path.join(out, "katalog.toml"), "w") as f:
    f.write('title = "Korpus"\nbase_url = "https://example.test"\npublisher = "apis-guru"\n'
            '[[categories]]\nid = "inne"\nname = "Inne"\n')
with open(os.path.join(out, "institutions", "apis-guru.md"), "w") as f:
    f.write("---\nname: APIs.guru\nkind: other\n---\n")
for name in sorted(os.listdir(corpus)):
    if not name.endswith(".yaml"):
        continue
    stem = name[:-5].lower()
    slug = "-".join(p for p in re.sub(r"[^a-z0-9]", "-", stem).split("-") if p)
    d = os.path.join(out, "apis", slug)
    os.makedirs(d)
    with open(os.path.join(d, "index.md"), "w") as f:
        f.write(f'---\ntitle: "{stem}"\nsummary: Spec from the APIs.guru sample.\ninstitution: apis-guru\n'
                'status: production\ncategories: [inne]\naccess: open\n---\n')
    shutil.copy(os.path.join(corpus, name), os.path.join(d, "openapi.yaml"))
