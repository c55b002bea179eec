#!/usr/bin/env python3
"""Validate the kafka-routed Grafana dashboard against Grafana's own dashboard schema.

No Grafana server is needed. The checks are:

1. JSON Schema (draft-07) validation against the schema files in ./schema/,
   copied unchanged from grafana/grafana-foundation-sdk (the branch for Grafana
   v11.2.x, the Grafana line whose dashboards have schemaVersion 39; see
   schema/README.md):
     - the whole dashboard against dashboard.jsonschema.json (classic v0/v1
       dashboard JSON, not the v2 layout);
     - for each panel of a type with a schema here (timeseries, table): its
       "options" against <type>.jsonschema.json#/definitions/Options and its
       "fieldConfig.defaults.custom" against #/definitions/FieldConfig;
     - each target of a Prometheus panel against
       prometheus.jsonschema.json (the Prometheus dataquery).
2. Checks a schema cannot express: unique panel ids, gridPos inside the 24-column
   grid and no two panels overlapping, every target with a non-empty refId
   (unique in its panel) and a non-empty expr, every template variable used in
   an expr, a datasource uid or a variable query defined in templating.list,
   variable names unique.

The schema files stay byte-identical to upstream (checked through their
SHA-256). Three places where the JSON Schema export of that SDK release is
narrower than the types it was generated with (the TypeScript/Go types of the
same commit, and Grafana itself) are widened in memory, see OVERLAYS below:

  a. dashboard Threshold.value may be null: Grafana writes the first threshold
     step (-Infinity) as null; the SDK types it `number | null` / `*float64`.
  b. dashboard VariableModel.query may be any object: the SDK types it
     `string | Record<string, any>` / StringOrMap, and Grafana writes query
     variables as {"query": "...", "refId": "..."}; the export wrongly demands
     that every member of that object is itself an object.
  c. table TableCellOptions: each variant's "type" is pinned to its own value
     (the literal the SDK types use, e.g. `type: TableCellDisplayMode.ColorBackground`);
     the export keeps only the shared enum, which makes its "oneOf" match
     several variants for every value, so no cellOptions could ever validate.

Everything else, including "required" in the panel plugin schemas, is checked
as the schema says.

Usage: validate-dashboard.py [DASHBOARD_JSON]   (default: the dashboard next to
this script). Exit status 0 when valid, 1 on any error, 2 on a setup problem.
Needs the Python package `jsonschema` (pip install jsonschema; tested with 4.26.0).
"""
import hashlib
import json
import os
import re
import sys

try:
    from jsonschema import Draft7Validator
except ImportError:  # pragma: no cover
    print("ERROR: the Python package 'jsonschema' is needed: pip install jsonschema", file=sys.stderr)
    sys.exit(2)

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA_DIR = os.path.join(HERE, "schema")
DEFAULT_DASHBOARD = os.path.join(HERE, "kafka-routed-lag-dashboard.json")

# SHA-256 of the upstream files (grafana/grafana-foundation-sdk commit
# 688a15a45d700af2fe88cd74e45a65aa71a9d814, directory jsonschema/).
SCHEMA_SHA256 = {
    "dashboard.jsonschema.json": "990c29d95df7aa13ddb0b1aa66207cb9c8de2291f9867c2123993f4d955753f4",
    "timeseries.jsonschema.json": "522e152a9292c5157f1fa330651bad1861b41298338f4bcde31033c83fe129f5",
    "table.jsonschema.json": "5cd6638b8ffb5977fb45da2aa53ce301f7152daf77e4b9da6a4a2c7db42a4932",
    "prometheus.jsonschema.json": "307ff39c17e127d94704ec16503221606a7fbb0dbd0743daf71b40ef8c166987",
}
PANEL_SCHEMAS = {"timeseries": "timeseries.jsonschema.json", "table": "table.jsonschema.json"}
GRID_COLUMNS = 24


def _overlay_threshold_null(docs):
    prop = docs["dashboard.jsonschema.json"]["definitions"]["Threshold"]["properties"]["value"]
    assert prop["type"] == "number", prop
    prop["type"] = ["number", "null"]


def _overlay_variable_query_object(docs):
    prop = docs["dashboard.jsonschema.json"]["definitions"]["VariableModel"]["properties"]["query"]
    obj = prop["oneOf"][1]
    assert obj["type"] == "object" and obj["additionalProperties"]["type"] == "object", prop
    obj["additionalProperties"] = {}


def _overlay_table_cell_options_discriminator(docs):
    defs = docs["table.jsonschema.json"]["definitions"]
    for ref in defs["TableCellOptions"]["oneOf"]:
        variant = defs[ref["$ref"].rsplit("/", 1)[1]]
        t = variant["properties"]["type"]
        assert "default" in t and "const" not in t, t
        t["const"] = t["default"]


OVERLAYS = [_overlay_threshold_null, _overlay_variable_query_object,
            _overlay_table_cell_options_discriminator]

# Grafana's global (built-in) variables, which need no templating entry.
BUILTIN_VARIABLES = {
    "__interval", "__interval_ms", "__rate_interval", "__rate_interval_ms", "__range",
    "__range_s", "__range_ms", "__from", "__to", "__dashboard", "__org", "__user",
    "__name", "__timeFilter", "__timeFrom", "__timeTo", "timeFilter",
}
# $var, ${var}, ${var:format}, ${var.field}, [[var]], [[var:format]]
VAR_RE = re.compile(r"\$\{([A-Za-z0-9_]+)(?:[.:][^}]*)?\}|\[\[([A-Za-z0-9_]+)(?::[^\]]*)?\]\]|\$([A-Za-z0-9_]+)")

errors = []
notes = []


def error(where, msg):
    errors.append(f"{where}: {msg}")


def note(where, msg):
    notes.append(f"{where}: {msg}")


def load_schema(name):
    path = os.path.join(SCHEMA_DIR, name)
    with open(path, "rb") as f:
        raw = f.read()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SCHEMA_SHA256[name]:
        print(f"ERROR: {path} is not the upstream file (sha256 {digest}); see schema/README.md", file=sys.stderr)
        sys.exit(2)
    return json.loads(raw)


def json_path(parts):
    out = "$"
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out


def best_errors(err):
    """For oneOf/anyOf failures, descend into the branch that got furthest."""
    if err.validator in ("oneOf", "anyOf") and err.context:
        by_branch = {}
        for sub in err.context:
            by_branch.setdefault(sub.schema_path[0], []).append(sub)
        # the branch with the fewest errors, preferring the deepest ones
        branch = min(by_branch.values(), key=lambda subs: (len(subs), -max(len(s.path) for s in subs)))
        out = []
        for sub in branch:
            out.extend(best_errors(sub))
        return out
    return [err]


def validate(validator, instance, where):
    for err in sorted(validator.iter_errors(instance), key=lambda e: [(0, x) if isinstance(x, int) else (1, str(x)) for x in e.absolute_path]):
        for e in best_errors(err):
            loc = where + json_path(list(e.absolute_path))[1:]
            error(loc, e.message)


def sub_validator(schema_doc, definition):
    schema = {"$ref": f"#/definitions/{definition}", "definitions": schema_doc["definitions"]}
    return Draft7Validator(schema)


def main():
    dash_path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_DASHBOARD
    try:
        with open(dash_path, encoding="utf-8") as f:
            dash = json.load(f)
    except (OSError, ValueError) as e:
        print(f"ERROR: cannot read {dash_path}: {e}", file=sys.stderr)
        return 1

    docs = {name: load_schema(name) for name in SCHEMA_SHA256}
    for doc in docs.values():
        Draft7Validator.check_schema(doc)
    for overlay in OVERLAYS:
        overlay(docs)
    for doc in docs.values():
        Draft7Validator.check_schema(doc)
    dash_validator = Draft7Validator(docs["dashboard.jsonschema.json"])
    plugin_docs = {t: docs[f] for t, f in PANEL_SCHEMAS.items()}
    prom_validator = Draft7Validator(docs["prometheus.jsonschema.json"])

    # 1. JSON Schema
    validate(dash_validator, dash, "$")

    panels = dash.get("panels") or []
    var_list = (dash.get("templating") or {}).get("list") or []
    var_names = [v.get("name") for v in var_list if isinstance(v, dict)]
    ds_vars = {v.get("name") for v in var_list if isinstance(v, dict) and v.get("type") == "datasource"}

    def datasource_type(ds):
        if isinstance(ds, dict):
            return ds.get("type")
        return None

    for i, p in enumerate(panels):
        if not isinstance(p, dict):
            continue
        where = f"$.panels[{i}] (id {p.get('id')}, {p.get('title')!r})"
        ptype = p.get("type")
        if ptype in plugin_docs:
            doc = plugin_docs[ptype]
            validate(sub_validator(doc, "Options"), p.get("options", {}), where + ".options")
            custom = ((p.get("fieldConfig") or {}).get("defaults") or {}).get("custom")
            if custom is not None:
                validate(sub_validator(doc, "FieldConfig"), custom, where + ".fieldConfig.defaults.custom")
        elif ptype != "row":
            note(where, f"no plugin schema for panel type {ptype!r}; options not checked")
        panel_ds = datasource_type(p.get("datasource"))
        for j, t in enumerate(p.get("targets") or []):
            tds = datasource_type(t.get("datasource")) if isinstance(t, dict) else None
            if (tds or panel_ds) == "prometheus":
                validate(prom_validator, t, f"{where}.targets[{j}]")

    # 2. Checks beyond the schema
    seen_ids = {}
    boxes = []
    for i, p in enumerate(panels):
        if not isinstance(p, dict):
            continue
        where = f"$.panels[{i}] (id {p.get('id')}, {p.get('title')!r})"
        pid = p.get("id")
        if pid is None:
            error(where, "panel has no id")
        elif pid in seen_ids:
            error(where, f"panel id {pid} already used by $.panels[{seen_ids[pid]}]")
        else:
            seen_ids[pid] = i
        g = p.get("gridPos")
        if not isinstance(g, dict) or not all(isinstance(g.get(k), int) for k in "xywh"):
            error(where, "gridPos missing or without integer x, y, w, h")
        else:
            if g["x"] < 0 or g["y"] < 0 or g["w"] <= 0 or g["h"] <= 0 or g["x"] + g["w"] > GRID_COLUMNS:
                error(where, f"gridPos {g} is outside the {GRID_COLUMNS}-column grid")
            for (oi, og) in boxes:
                if (g["x"] < og["x"] + og["w"] and og["x"] < g["x"] + g["w"]
                        and g["y"] < og["y"] + og["h"] and og["y"] < g["y"] + g["h"]):
                    error(where, f"gridPos overlaps $.panels[{oi}] (id {panels[oi].get('id')})")
            boxes.append((i, g))
        refids = set()
        targets = p.get("targets")
        if p.get("type") != "row" and not targets:
            error(where, "panel has no targets")
        for j, t in enumerate(targets or []):
            tw = f"{where}.targets[{j}]"
            ref = t.get("refId") if isinstance(t, dict) else None
            if not isinstance(ref, str) or not ref:
                error(tw, "target has no refId")
            elif ref in refids:
                error(tw, f"refId {ref!r} used twice in the panel")
            else:
                refids.add(ref)
            expr = t.get("expr") if isinstance(t, dict) else None
            if not isinstance(expr, str) or not expr.strip():
                error(tw, "target has no expr")
            else:
                check_vars(expr, var_names, tw + ".expr")
        for dsw, ds in [(where + ".datasource", p.get("datasource"))] + [
                (f"{where}.targets[{j}].datasource", t.get("datasource"))
                for j, t in enumerate(targets or []) if isinstance(t, dict)]:
            check_ds(ds, ds_vars, var_names, dsw)

    seen_vars = set()
    for k, v in enumerate(var_list):
        where = f"$.templating.list[{k}] ({v.get('name')!r})"
        name = v.get("name")
        if name in seen_vars:
            error(where, f"variable {name!r} defined twice")
        seen_vars.add(name)
        if name in BUILTIN_VARIABLES:
            error(where, f"variable {name!r} shadows a Grafana built-in variable")
        q = v.get("query")
        qtext = q.get("query") if isinstance(q, dict) else q
        if isinstance(qtext, str):
            check_vars(qtext, var_names, where + ".query", self_name=name)
        check_ds(v.get("datasource"), ds_vars, var_names, where + ".datasource")

    # report
    dashboard_rel = os.path.relpath(dash_path)
    if dashboard_rel.startswith(".."):
        dashboard_rel = os.path.abspath(dash_path)
    print(f"Dashboard: {dashboard_rel} (schemaVersion {dash.get('schemaVersion')}, "
          f"{len(panels)} panels, {len(var_list)} variables)")
    schema_rel = os.path.relpath(SCHEMA_DIR)
    if schema_rel.startswith(".."):
        schema_rel = SCHEMA_DIR
    print(f"Schema:    {schema_rel}/ (grafana-foundation-sdk, Grafana v11.2.x; jsonschema {jsonschema_version()})")
    for e in list(errors):
        m = re.match(r"\$\.panels\[(\d+)\]([.\[:])", e)
        if m and isinstance(panels[int(m.group(1))], dict):
            pnl = panels[int(m.group(1))]
            label = f"$.panels[{m.group(1)}] (id {pnl.get('id')}, {pnl.get('title')!r})"
            if not e.startswith(label):
                errors[errors.index(e)] = label + e[len(f"$.panels[{m.group(1)}]"):]
    for n in notes:
        print(f"note:  {n}")
    for e in errors:
        print(f"ERROR: {e}")
    if errors:
        print(f"FAILED: {len(errors)} error(s)")
        return 1
    print("OK: dashboard is valid against the schema and the extra checks")
    return 0


def jsonschema_version():
    try:
        from importlib.metadata import version
        return version("jsonschema")
    except Exception:  # pragma: no cover
        return "?"


def check_vars(text, var_names, where, self_name=None):
    for m in VAR_RE.finditer(text):
        name = m.group(1) or m.group(2) or m.group(3)
        if name in BUILTIN_VARIABLES:
            continue
        if name == self_name:
            error(where, f"variable {name!r} refers to itself")
        elif name not in var_names:
            error(where, f"uses ${name}, which is not defined in templating.list")


def check_ds(ds, ds_vars, var_names, where):
    if not isinstance(ds, dict):
        return
    uid = ds.get("uid")
    if isinstance(uid, str) and "$" in uid:
        for m in VAR_RE.finditer(uid):
            name = m.group(1) or m.group(2) or m.group(3)
            if name not in var_names:
                error(where, f"datasource uid {uid!r} uses ${name}, which is not defined in templating.list")
            elif name not in ds_vars:
                error(where, f"datasource uid {uid!r} uses ${name}, which is not a datasource variable")


if __name__ == "__main__":
    sys.exit(main())
