#!/usr/bin/env python3
"""The reader's check of a signed PDF, with pyHanko (an independent PAdES validator).

    pyhanko_check.py FILE.pdf ROOT.pem [--outside] [--expect-invalid]

Prints one JSON line per signature: intact, valid, trusted, coverage, signer, the signed
attributes. Exits 0 when every signature is intact, valid, trusted and covers the entire
file, and is PAdES baseline B-B shaped (ETSI.CAdES.detached, SHA-256, signing-certificate-v2,
no signing-time attribute) — with --outside (a CMS from an outside signer) the attributes
are the signer's business and are not checked; with --expect-invalid, exits 0 only when some signature is not
intact or not valid.
"""
import json
import sys

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from asn1crypto import pem, x509


def main():
    path, root = sys.argv[1], sys.argv[2]
    expect_invalid = "--expect-invalid" in sys.argv
    outside = "--outside" in sys.argv
    with open(root, "rb") as f:
        data = f.read()
    roots = [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
    context = ValidationContext(trust_roots=roots)
    good = True
    with open(path, "rb") as f:
        reader = PdfFileReader(f)
        signatures = reader.embedded_signatures
        if not signatures:
            print(json.dumps({"error": "no signature"}))
            sys.exit(0 if expect_invalid else 1)
        for sig in signatures:
            try:
                status = validate_pdf_signature(sig, context)
            except Exception as error:  # a broken CMS is a failed signature, not a crash
                print(json.dumps({"error": repr(error)}))
                good = False
                continue
            attributes = [a["type"].native for a in sig.signer_info["signed_attrs"]]
            report = {
                "intact": status.intact,
                "valid": status.valid,
                "trusted": status.trusted,
                "coverage": status.coverage.name,
                "signer": status.signing_cert.subject.human_friendly,
                "sub_filter": sig.sig_object["/SubFilter"],
                "digest": status.md_algorithm,
                "signed_attributes": attributes,
            }
            print(json.dumps(report, ensure_ascii=False))
            good = good and status.intact and status.valid and status.trusted \
                and status.coverage.name == "ENTIRE_FILE" \
                and report["sub_filter"] == "/ETSI.CAdES.detached"
            good = good and (outside or report["sub_filter"] == "/ETSI.CAdES.detached" and status.md_algorithm == "sha256" \
                and "signing_certificate_v2" in attributes and "signing_time" not in attributes)
    if expect_invalid:
        sys.exit(0 if not good else 1)
    sys.exit(0 if good else 1)


if __name__ == "__main__":
    main()
