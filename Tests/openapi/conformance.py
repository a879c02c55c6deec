#!/usr/bin/env python3
"""Checks a running `qujat serve` against its own /openapi.yaml.

Validates the document as OpenAPI 3.1, then sends real requests — successes and every
documented error — and checks each response: its status is documented for the operation,
its content type is one the operation lists, and a JSON body matches the schema. The
published request schema (a oneOf of the documents' case schemas) must accept every example
case and refuse one missing a required key, a bad enum value and an unknown document;
/openapi.json must be the same document.

    conformance.py BASE_URL EXAMPLES_DIR
Exit 0 when everything conforms; otherwise prints each mismatch and exits 1.
"""
import json, os, sys, time, urllib.error, urllib.request

import yaml
from jsonschema import Draft202012Validator
try:
    from openapi_spec_validator import validate as validate_spec
except ImportError:  # openapi-spec-validator < 0.6 (Debian 12's python3-openapi-spec-validator)
    from openapi_spec_validator import validate_spec

base, examples = sys.argv[1].rstrip("/"), sys.argv[2]
spec = yaml.safe_load(urllib.request.urlopen(base + "/openapi.yaml").read())
validate_spec(spec)
problems = []
checked = 0


def resolve(node):
    while isinstance(node, dict) and "$ref" in node and node["$ref"].startswith("#/components/responses/"):
        node = spec["components"]["responses"][node["$ref"].split("/")[-1]]
    return node


def call(method, path, body=None, content_type=None, template=None):
    request = urllib.request.Request(base + path, data=body, method=method)
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        response = urllib.request.urlopen(request)
        status, headers, data = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, data = error.code, error.headers, error.read()
    check(method, template or path.split("?")[0], status, headers, data)
    return status, headers, data


def check(method, template, status, headers, data):
    global checked
    checked += 1
    operation = spec["paths"].get(template, {}).get(method.lower())
    where = f"{method} {template} → {status}"
    if operation is None:
        problems.append(f"{where}: operation not in the document")
        return
    response = operation["responses"].get(str(status))
    if response is None:
        problems.append(f"{where}: status not documented")
        return
    response = resolve(response)
    content = response.get("content")
    media = (headers.get("Content-Type") or "").split(";")[0].strip()
    if not content:
        if data:
            problems.append(f"{where}: documented without a body, got {len(data)} bytes")
        return
    if media not in content:
        problems.append(f"{where}: content type {media!r} not in {list(content)}")
        return
    schema = content[media].get("schema")
    if schema and (media.endswith("json")):
        root = dict(schema)
        root["components"] = spec["components"]
        errors = sorted(Draft202012Validator(root).iter_errors(json.loads(data)), key=str)
        for error in errors[:3]:
            problems.append(f"{where}: {error.message} at {list(error.absolute_path)}")
    for name, header in response.get("headers", {}).items():
        if name == "Retry-After" and status in (429, 503) and name not in headers:
            problems.append(f"{where}: Retry-After missing")


def example(name):
    with open(os.path.join(examples, name + ".json"), "rb") as file:
        return file.read()


def check_case_schema():
    """The request body's schema, as a client generated from this document sees it."""
    global checked
    if json.loads(urllib.request.urlopen(base + "/openapi.json").read()) != spec:
        problems.append("/openapi.json is not the same document as /openapi.yaml")
    body = spec["paths"]["/v1/documents"]["post"]["requestBody"]
    body = spec["components"]["requestBodies"][body["$ref"].split("/")[-1]] if "$ref" in body else body
    root = dict(body["content"]["application/json"]["schema"])
    root["components"] = spec["components"]
    validator = Draft202012Validator(root)
    for name in sorted(os.listdir(examples)):
        if name.endswith(".json"):
            checked += 1
            errors = list(validator.iter_errors(json.loads(example(name[:-5]))))
            if errors:
                problems.append(f"published schema refuses {name}: {errors[0].message[:200]}")
    bad = json.loads(example("license"))
    del bad["license"]["number"]
    wrong = json.loads(example("license_duplicate"))
    wrong["duplicate"]["reason"] = "stolen"
    unknown = json.loads(example("license"))
    unknown["document"] = "licence"
    for what, case in [("a license without license.number", bad), ("duplicate.reason 'stolen'", wrong),
                       ("document 'licence'", unknown)]:
        checked += 1
        if validator.is_valid(case):
            problems.append(f"published schema accepts {what}")


license = example("license")
broken = json.loads(license)
broken["licensee"]["bin"] = "180140012340"
broken = json.dumps(broken).encode()

check_case_schema()
call("POST", "/v1/documents", license, "application/json")
call("POST", "/v1/documents?format=png&page=1&dpi=40", license, "application/json")
call("POST", "/v1/documents?format=png&page=9", license, "application/json")
call("POST", "/v1/documents?format=tiff", license, "application/json")
call("POST", "/v1/documents", broken, "application/json")
call("POST", "/v1/documents", b"{not json", "application/json")
call("POST", "/v1/documents", license, "text/plain")
call("POST", "/v1/documents", b" " * (2 << 20), "application/json")
call("POST", "/v1/documents/validate", license, "application/json")
call("POST", "/v1/documents/validate", broken, "application/json")
status, _, pdf = call("POST", "/v1/documents", license, "application/json")
call("POST", "/v1/documents?sign=true", license, "application/json")   # 400: this server has no key
call("POST", "/v1/verify", pdf, "application/pdf")
call("POST", "/v1/verify", license, "application/json")
call("POST", "/v1/signatures/prepare", pdf, "application/pdf")
call("POST", "/v1/signatures/prepare", license, "application/pdf")      # 422: not a Qujat PDF
call("POST", "/v1/signatures/embed", b"{}", "application/json")         # 400
call("POST", "/v1/signatures/embed", json.dumps({"prepared_pdf": "", "cms": ""}).encode(), "application/json")
call("GET", "/v1/templates")
call("GET", "/health")
call("GET", "/ready")
call("GET", "/metrics")
call("GET", "/openapi.yaml")
call("GET", "/openapi.json")
call("GET", "/v1/batches/nope", template="/v1/batches/{id}")
call("GET", "/v1/batches/nope/result", template="/v1/batches/{id}/result")
lines = [json.dumps({"id": f"d{i}", "group": f"g{i % 2}", "case": json.loads(example(n))}).encode()
         for i, n in enumerate(["license", "refusal", "receipt_accepted"])]
status, headers, data = call("POST", "/v1/batches", b"\n".join(lines), "application/x-ndjson")
call("POST", "/v1/batches", b"\n".join(lines), "application/json")
if status == 202:
    location = headers["Location"]
    call("GET", location + "/result", template="/v1/batches/{id}/result")  # 409 or 200
    for _ in range(300):
        status, _, data = call("GET", location, template="/v1/batches/{id}")
        if json.loads(data)["state"] in ("done", "failed"):
            break
        time.sleep(0.1)
    call("GET", location + "/result", template="/v1/batches/{id}/result")
    call("GET", location + "/result?group=g0", template="/v1/batches/{id}/result")
    call("GET", location + "/result?group=zz", template="/v1/batches/{id}/result")

for problem in problems:
    print("MISMATCH", problem)
print(f"{checked} responses checked, {len(problems)} mismatches")
sys.exit(1 if problems else 0)
