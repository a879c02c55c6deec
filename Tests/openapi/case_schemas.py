#!/usr/bin/env python3
"""Checks `qujat schema DOC` with jsonschema: each document's schema is a valid JSON Schema
(2020-12); it accepts every example case of that document and `qujat sample DOC`; it
refuses the example without each required key, with a bad value for each enum it uses, and
with a wrong-shaped IIN, BIN, date and date-time.

    case_schemas.py QUJAT EXAMPLES_DIR TEMPLATES_DIR
Exit 0 when all holds; otherwise prints each problem and exits 1.
"""
import copy, glob, json, os, subprocess, sys

from jsonschema import Draft202012Validator

qujat, examples, templates = sys.argv[1:4]
problems, checked = [], 0


def qujat_json(*arguments):
    result = subprocess.run([qujat, *arguments, "--templates", templates], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"qujat {' '.join(arguments)}: exit {result.returncode}: {result.stderr}")
    return json.loads(result.stdout)


def leaves(value, path=()):
    """Every (path, value) below `value`, objects and lists included."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, path + (index,))


def replaced(case, path, new):
    case = copy.deepcopy(case)
    target = case
    for step in path[:-1]:
        target = target[step]
    if new is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = new
    return case


def has(case, path):
    for step in path:
        if isinstance(case, dict) and step in case or isinstance(case, list) and isinstance(step, int) and step < len(case):
            case = case[step]
        else:
            return False
    return True


def refuses(validator, case, what):
    global checked
    checked += 1
    if validator.is_valid(case):
        problems.append(f"accepts {what}")


NESTED_REQUIRED = [("license", "number"), ("license", "issued_on"), ("licensee", "address"), ("licensee", "bin"),
                   ("licensee", "iin"), ("provider", "head", "name", "surname"), ("annex", "subtypes", 0, "name"),
                   ("receipt", "documents", 0, "copies"), ("talon", "channel"), ("person", "iin"),
                   ("grounds", 0, "basis"), ("applicant", "name"), ("branch", "department")]

schemas = {}
for path in sorted(glob.glob(os.path.join(examples, "*.json"))):
    with open(path, encoding="utf-8") as file:
        case = json.load(file)
    document, name = case["document"], os.path.basename(path)
    if document not in schemas:
        schema = qujat_json("schema", document)
        Draft202012Validator.check_schema(schema)
        schemas[document] = Draft202012Validator(schema)
        sample = qujat_json("sample", document)
        checked += 1
        for error in list(schemas[document].iter_errors(sample))[:3]:
            problems.append(f"{document}: refuses its own sample: {error.message[:200]} at {list(error.absolute_path)}")
    validator = schemas[document]
    checked += 1
    for error in list(validator.iter_errors(case))[:3]:
        problems.append(f"{name}: {error.message[:200]} at {list(error.absolute_path)}")
    # Without keys FORMS.md requires inside objects (where the example has them).
    for place in NESTED_REQUIRED:
        if not has(case, place):
            continue
        refuses(validator, replaced(case, place, KeyError), f"{name} without {'.'.join(map(str, place))}")
    refuses(validator, replaced(case, ("document",), KeyError), f"{name} without document")
    for place, value in leaves(case):
        if not place or not isinstance(value, str):
            continue
        key = place[-1]
        dotted = ".".join(map(str, place))
        if key in ("kind", "reason", "channel", "format") and value in ("legal", "individual", "lost", "damaged", "office", "portal", "a5", "strip"):
            refuses(validator, replaced(case, place, "stolen"), f"{name} with {dotted} 'stolen'")
        if key == "iin":
            refuses(validator, replaced(case, place, "90010140000"), f"{name} with an 11-digit {dotted}")
            refuses(validator, replaced(case, place, "901301400003"), f"{name} with month 13 in {dotted}")
        if key == "bin":
            refuses(validator, replaced(case, place, "01064000123X"), f"{name} with a letter in {dotted}")
        if len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
            refuses(validator, replaced(case, place, value.replace("-", "/")), f"{name} with {dotted} in another form")
            refuses(validator, replaced(case, place, value[:5] + "13" + value[7:]), f"{name} with month 13 in {dotted}")
        if len(value) == 16 and value[10:11] == "T":
            refuses(validator, replaced(case, place, value + ":00Z"), f"{name} with seconds in {dotted}")
        if value.strip() and key not in ("iin", "bin", "url", "document", "language") and not value[:4].isdigit():
            refuses(validator, replaced(case, place, "   "), f"{name} with a blank {dotted}")
            refuses(validator, replaced(case, place, value + "\n"), f"{name} with a line break in {dotted}")

# Every required key of every example, one at a time: FORMS.md's keys are binding.
for path in sorted(glob.glob(os.path.join(examples, "*.json"))):
    with open(path, encoding="utf-8") as file:
        case = json.load(file)
    for key in [k for k in case if k not in ("language", "verification", "duplicate", "reissue", "representative",
                                               "employee", "format", "missing_documents", "expired_documents", "appeal")]:
        refuses(schemas[case["document"]], replaced(case, (key,), KeyError), f"{os.path.basename(path)} without {key}")

for problem in problems:
    print("MISMATCH", problem)
print(f"{checked} checks, {len(problems)} mismatches")
sys.exit(1 if problems else 0)
