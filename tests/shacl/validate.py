#!/usr/bin/env python3
"""Validates the catalog's DCAT export against the DCAT-AP 3.0.1 SHACL shapes.

Usage: validate.py [--shapes DIR] [--no-recommended] FILE [FILE ...]

FILE is a dcat.jsonld or dcat.ttl written by `katalog build` (format from the extension). With
more than one FILE, every file must hold the same graph as the first (the JSON-LD and the Turtle
are written from one list of triples and must not drift).

Two runs, never merged (the two files define `DateOrDateTimeDataType_Shape` differently):
  * shapes.ttl - the mandatory constraints (sh:minCount 1, cardinalities, node kinds), severity
    Violation. Any violation fails: exit 1.
  * shapes_recommended.ttl - the recommendations, severity Warning: reported, never failing.
The shapes leave class-range checks to a separate file that is not published with 3.0.1, so no
vocabulary graphs and no inference are needed (inference="none").

Needs pyshacl (pip install pyshacl; it brings rdflib). Exit codes: 0 valid, 1 violations, 2 the
input or shapes could not be read.
"""

import argparse
import os
import sys

try:
    from pyshacl import validate
    from rdflib import Graph, Namespace
    from rdflib.compare import isomorphic, to_isomorphic, graph_diff
except ImportError:  # pragma: no cover - reported to the user
    print("validate.py needs pyshacl: pip install pyshacl", file=sys.stderr)
    sys.exit(2)

SH = Namespace("http://www.w3.org/ns/shacl#")
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SHAPES = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "reference", "standards", "dcat-ap-3.0.1"))


def load(path):
    fmt = "json-ld" if path.endswith((".jsonld", ".json")) else "turtle"
    g = Graph()
    g.parse(path, format=fmt)
    return g


def results(report):
    """(severity, focus node, path, message) of every result, sorted."""
    out = []
    for r in report.subjects(predicate=None, object=SH.ValidationResult):
        sev = report.value(r, SH.resultSeverity)
        out.append((
            str(sev).rsplit("#", 1)[-1] if sev else "?",
            str(report.value(r, SH.focusNode)),
            str(report.value(r, SH.resultPath) or ""),
            str(report.value(r, SH.resultMessage) or ""),
        ))
    return sorted(set(out))


def run(data, shapes_file, label, verbose):
    """Validates; prints every violation, and warnings (grouped by property unless verbose)."""
    shapes = Graph()
    shapes.parse(shapes_file, format="turtle")
    _, report, _ = validate(data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)
    counts, grouped = {}, {}
    for sev, focus, path, msg in results(report):
        counts[sev] = counts.get(sev, 0) + 1
        if sev == "Violation" or verbose:
            print(f"  {label}: {sev}: {focus} {path}: {msg}")
        else:
            grouped[(sev, path)] = grouped.get((sev, path), 0) + 1
    for (sev, path), n in sorted(grouped.items()):
        print(f"  {label}: {sev}: {path or '(node)'}: {n} node(s)")
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", help="dcat.jsonld / dcat.ttl")
    parser.add_argument("--shapes", default=DEFAULT_SHAPES, help=f"folder with shapes.ttl (default {DEFAULT_SHAPES})")
    parser.add_argument("--no-recommended", action="store_true", help="skip shapes_recommended.ttl")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every warning, not only counts")
    args = parser.parse_args()

    mandatory = os.path.join(args.shapes, "shapes.ttl")
    recommended = os.path.join(args.shapes, "shapes_recommended.ttl")
    if not os.path.isfile(mandatory):
        print(f"no shapes at {mandatory}", file=sys.stderr)
        return 2
    try:
        graphs = [(f, load(f)) for f in args.files]
    except Exception as e:  # noqa: BLE001 - any parse failure is the input's fault
        print(f"cannot read the input: {e}", file=sys.stderr)
        return 2

    failed = False
    first_name, first = graphs[0]
    for name, g in graphs[1:]:
        if not isomorphic(first, g):
            _, only_first, only_other = graph_diff(to_isomorphic(first), to_isomorphic(g))
            print(f"{name} differs from {first_name}: {len(only_first)} triples only in the first, {len(only_other)} only in the second")
            for t in list(only_first)[:5]:
                print(f"  only in {first_name}: {t}")
            for t in list(only_other)[:5]:
                print(f"  only in {name}: {t}")
            failed = True

    dcat = Namespace("http://www.w3.org/ns/dcat#")
    from rdflib.namespace import RDF
    services = len(set(first.subjects(RDF.type, dcat.DataService)))
    catalogs = len(set(first.subjects(RDF.type, dcat.Catalog)))
    print(f"{first_name}: {len(first)} triples, {catalogs} dcat:Catalog, {services} dcat:DataService")

    counts = run(first, mandatory, "shapes.ttl", args.verbose)
    violations = counts.get("Violation", 0)
    print(f"shapes.ttl (mandatory): {violations} violation(s), {counts.get('Warning', 0)} warning(s)")
    if violations:
        failed = True
    if not args.no_recommended and os.path.isfile(recommended):
        rec = run(first, recommended, "shapes_recommended.ttl", args.verbose)
        print(f"shapes_recommended.ttl: {rec.get('Warning', 0)} warning(s), {rec.get('Violation', 0)} violation(s) (not failing)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
