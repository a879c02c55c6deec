#!/usr/bin/env python3
"""Generates a Python client from a running `qujat serve`'s /openapi.json with
openapi-python-client and round-trips every example case through its typed models.

    generated_models.py BASE_URL EXAMPLES_DIR
Exit 0 when every case's model reads the case and writes it back unchanged (and the
license's licensee is the typed legal-entity variant); otherwise prints why and exits 1.
"""
import glob, importlib, json, os, subprocess, sys, tempfile, urllib.request

base, examples = sys.argv[1].rstrip("/"), sys.argv[2]
problems = []
with tempfile.TemporaryDirectory() as folder:
    spec = os.path.join(folder, "openapi.json")
    with open(spec, "wb") as file:
        file.write(urllib.request.urlopen(base + "/openapi.json").read())
    out = os.path.join(folder, "client")
    # No formatter run afterwards: ruff need not be on PATH, and the models are not kept.
    config = os.path.join(folder, "config.yaml")
    with open(config, "w") as file:
        file.write("post_hooks: []\n")
    result = subprocess.run([sys.executable, "-m", "openapi_python_client", "generate", "--path", spec,
                             "--meta", "none", "--output-path", out, "--config", config],
                            capture_output=True, text=True, cwd=folder)
    if result.returncode != 0:
        print(result.stdout, result.stderr)
        sys.exit(1)
    sys.path.insert(0, folder)
    models = importlib.import_module("client.models")
    checked = 0
    for path in sorted(glob.glob(os.path.join(examples, "*.json"))):
        with open(path, encoding="utf-8") as file:
            case = json.load(file)
        name = "".join(part.capitalize() for part in case["document"].split("_")) + "Case"
        model = getattr(models, name, None)
        if model is None:
            problems.append(f"{os.path.basename(path)}: no model {name}")
            continue
        value = model.from_dict(case)
        if case["document"] == "license" and type(value.licensee).__name__ != "LicenseeLegal":
            problems.append(f"license: licensee is {type(value.licensee).__name__}, not LicenseeLegal")
        back = value.to_dict()
        if back != case:
            problems.append(f"{os.path.basename(path)}: {name} wrote back {json.dumps(back, ensure_ascii=False)[:300]}")
        checked += 1

for problem in problems:
    print("MISMATCH", problem)
print(f"{checked} cases round-tripped, {len(problems)} mismatches")
sys.exit(1 if problems or checked == 0 else 0)
