import Foundation
import Testing

/// A throwaway PKI made with the openssl command: a CA with a Kazakh name, RSA-2048 and
/// ECDSA P-256 signers whose subjects are shaped like NCA RK's (CN, SN, GN, serialNumber=IIN…,
/// O, OU=BIN…), a certificate that is not for signing, each in a PKCS#12 file.
enum TestPKI {
    static let folder: URL = {
        let folder = temporaryFolder()
        let script = Repo.root.appendingPathComponent("Tests/signatures/make-test-pki.sh").path
        let result = try! run("/bin/sh", [script, folder.path])
        precondition(result.status == 0, "openssl could not make the test PKI: \(result.stderr)")
        return folder
    }()

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    /// A time inside every test certificate's validity.
    static let time: String = {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date().addingTimeInterval(3600))
    }()
}

@Suite("signatures: PAdES with a local key, the outside-signer route, verify", .serialized)
struct SignatureTests {
    private let license = Repo.examples.appendingPathComponent("license.json").path

    private func sign(_ key: String, to output: URL, time: String = TestPKI.time, password: String = "password") throws -> ProcessResult {
        try run(Repo.executable, ["render", license, "-o", output.path, "--sign-key", TestPKI.path(key),
                                  "--sign-password-file", TestPKI.path(password), "--signing-time", time])
    }

    /// pyHanko's verdict (intact, valid, trusted, entire file, PAdES B-B shape).
    private func pyHanko(_ file: URL, _ options: [String] = []) throws -> ProcessResult {
        try run("/usr/bin/env", ["python3", Repo.root.appendingPathComponent("Tests/signatures/pyhanko_check.py").path,
                                 file.path, TestPKI.path("ca.pem")] + options)
    }

    @Test("libcrypto is loaded by a render that signs, never by one that does not (the dynamic loader's own record)")
    func libcryptoOnlyWhenSigning() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = try run("/usr/bin/env", ["LD_DEBUG=files", Repo.executable, "render", license, "-o", folder.appendingPathComponent("plain.pdf").path])
        #expect(plain.status == 0, "\(plain.stderr.suffix(500))")
        #expect(plain.stderr.contains("file=libpango"), "LD_DEBUG=files must list the loaded libraries")
        #expect(!plain.stderr.contains("libcrypto"))
        let signed = try run("/usr/bin/env", ["LD_DEBUG=files", Repo.executable, "render", license, "-o", folder.appendingPathComponent("signed.pdf").path,
                                              "--sign-key", TestPKI.path("rsa.p12"), "--sign-password-file", TestPKI.path("password"),
                                              "--signing-time", TestPKI.time])
        #expect(signed.status == 0, "\(signed.stderr.suffix(500))")
        #expect(signed.stderr.contains("file=libcrypto.so.3"))
    }

    @Test("RSA and ECDSA keys: pyHanko, pdfsig and qujat verify accept the signature; the page is unchanged", arguments: ["rsa", "ec"])
    func localKey(_ key: String) throws {
        let folder = temporaryFolder()
        let signed = folder.appendingPathComponent("signed.pdf")
        let result = try sign("\(key).p12", to: signed)
        #expect(result.status == 0, "\(result.stderr)")
        let hanko = try pyHanko(signed)
        #expect(hanko.status == 0, "\(hanko.text) \(hanko.stderr)")
        #expect(hanko.text.contains("\"coverage\": \"ENTIRE_FILE\""))
        #expect(hanko.text.contains("IIN800101300123"))
        let pdfsig = try run("pdfsig", [signed.path])
        #expect(pdfsig.text.contains("Signature is Valid"), "\(pdfsig.text)")
        #expect(pdfsig.text.contains("ETSI.CAdES.detached"))
        #expect(pdfsig.text.contains("Total document signed"))
        let verify = try run(Repo.executable, ["verify", signed.path, "--trust", TestPKI.path("ca.pem")])
        #expect(verify.status == 0, "\(verify.text)")
        #expect(verify.text.contains("ТӨСЕКБАЕВ ҚАЙРАТ, ЖСН 800101300123"))
        #expect(verify.text.contains("БСН 010640001239"))
        #expect(try run("qpdf", ["--check", signed.path]).status == 0)
        #expect(PDF.contains(PDF.squeezed(try PDF.text(signed)), "KZ12LAA00012345"))
        // Without --trust the chain is not checked, and the report says so.
        let untrusted = try run(Repo.executable, ["verify", signed.path])
        #expect(untrusted.status == 0 && untrusted.text.contains("not checked (no --trust)"))
    }

    @Test("the same case, RSA key and signing time give the same bytes")
    func deterministic() throws {
        let folder = temporaryFolder()
        let one = folder.appendingPathComponent("1.pdf"), two = folder.appendingPathComponent("2.pdf")
        #expect(try sign("rsa.p12", to: one).status == 0)
        #expect(try sign("rsa.p12", to: two).status == 0)
        #expect(try Data(contentsOf: one) == Data(contentsOf: two))
    }

    @Test("prepare → openssl cms as the outside signer → embed: a valid signature over the whole file")
    func outsideSigner() throws {
        let folder = temporaryFolder()
        let plain = folder.appendingPathComponent("plain.pdf"), prepared = folder.appendingPathComponent("prepared.pdf")
        let tbs = folder.appendingPathComponent("tbs.bin"), cms = folder.appendingPathComponent("sig.p7s")
        let signed = folder.appendingPathComponent("signed.pdf")
        #expect(try run(Repo.executable, ["render", license, "-o", plain.path]).status == 0)
        let prepare = try run(Repo.executable, ["sign", "prepare", plain.path, "-o", prepared.path, "--to-be-signed", tbs.path])
        #expect(prepare.status == 0, "\(prepare.stderr)")
        // The bytes to sign are the prepared file without its placeholder.
        let preparedSize = try Data(contentsOf: prepared).count, tbsSize = try Data(contentsOf: tbs).count
        #expect(preparedSize - tbsSize == 2 * 16384 + 2)
        let openssl = try run("openssl", ["cms", "-sign", "-binary", "-md", "sha256", "-outform", "DER", "-in", tbs.path,
                                          "-signer", TestPKI.path("rsa.pem"), "-inkey", TestPKI.path("rsa.key"),
                                          "-certfile", TestPKI.path("ca.pem"), "-out", cms.path])
        #expect(openssl.status == 0, "\(openssl.stderr)")
        let embed = try run(Repo.executable, ["sign", "embed", prepared.path, "--cms", cms.path, "-o", signed.path])
        #expect(embed.status == 0, "\(embed.stderr)")
        #expect(try pyHanko(signed, ["--outside"]).status == 0)
        #expect(try run(Repo.executable, ["verify", signed.path, "--trust", TestPKI.path("ca.pem")]).status == 0)
        // Base64 (what NCALayer returns) is accepted too.
        let base64 = folder.appendingPathComponent("sig.b64")
        try Data(try Data(contentsOf: cms).base64EncodedString().utf8).write(to: base64)
        let again = folder.appendingPathComponent("again.pdf")
        #expect(try run(Repo.executable, ["sign", "embed", prepared.path, "--cms", base64.path, "-o", again.path]).status == 0)
        #expect(try Data(contentsOf: again) == Data(contentsOf: signed))
    }

    @Test("one changed byte, or bytes appended: qujat verify, pyHanko and pdfsig all say not valid")
    func tampered() throws {
        let folder = temporaryFolder()
        let signed = folder.appendingPathComponent("signed.pdf")
        #expect(try sign("rsa.p12", to: signed).status == 0)
        var bytes = try Data(contentsOf: signed)
        bytes[5000] ^= 0x01
        let changed = folder.appendingPathComponent("changed.pdf")
        try bytes.write(to: changed)
        let verify = try run(Repo.executable, ["verify", changed.path, "--trust", TestPKI.path("ca.pem")])
        #expect(verify.status == 1)
        #expect(verify.text.contains("NOT VALID") && verify.text.contains("changed after signing"), "\(verify.text)")
        #expect(try pyHanko(changed, ["--expect-invalid"]).status == 0)
        #expect(try run("pdfsig", [changed.path]).text.contains("Digest Mismatch"))
        let appended = folder.appendingPathComponent("appended.pdf")
        try (try Data(contentsOf: signed) + Data("\n% more\n".utf8)).write(to: appended)
        let partly = try run(Repo.executable, ["verify", appended.path])
        #expect(partly.status == 1 && partly.text.contains("bytes were added after signing"), "\(partly.text)")
        #expect(try run(Repo.executable, ["verify", try plainPDF(folder).path]).status == 1, "no signature is not valid")
    }

    private func plainPDF(_ folder: URL) throws -> URL {
        let plain = folder.appendingPathComponent("plain-\(UUID().uuidString).pdf")
        #expect(try run(Repo.executable, ["render", license, "-o", plain.path]).status == 0)
        return plain
    }

    @Test("the visible stamp: the certificate's holder, IIN, BIN, serial and time on the page of a signed document, none on an unsigned one")
    func stamp() throws {
        let folder = temporaryFolder()
        let signed = folder.appendingPathComponent("signed.pdf")
        #expect(try sign("rsa.p12", to: signed, time: "2026-12-31T19:30:00Z").status == 0)
        let text = PDF.squeezed(try PDF.text(signed))
        for line in ["ЭЛЕКТРОНДЫҚ ЦИФРЛЫҚ ҚОЛТАҢБАМЕН ҚОЛ ҚОЙЫЛҒАН", "Қол қойған: ТӨСЕКБАЕВ ҚАЙРАТ, ЖСН 800101300123",
                     "БСН 010640001239", "Сертификат № 1a2b3c4d5e6f",
                     // 19:30 UTC is 00:30 the next day in Astana (UTC+5).
                     "Қол қойылған уақыты: 01.01.2027 00:30 (Астана уақыты)"] {
            #expect(PDF.contains(text, line), "\(line) missing")
        }
        let plain = try plainPDF(folder)
        #expect(!PDF.squeezed(try PDF.text(plain)).contains("ҚОЛТАҢБАМЕН"))
        // The stamp sits in the flow: nothing on the page overlaps it.
        try PaginationTests.checkLayout(signed)
    }

    @Test("the case's signature.signed_at fixes the signing time (Astana time): two renders, the same bytes")
    func caseSigningTime() throws {
        let folder = temporaryFolder()
        var object = try Repo.exampleObject("license")
        object["signature"] = ["signed_at": "2027-01-15T09:05"]
        let json = folder.appendingPathComponent("case.json")
        try JSONSerialization.data(withJSONObject: object).write(to: json)
        var outputs: [Data] = []
        for name in ["a.pdf", "b.pdf"] {
            let out = folder.appendingPathComponent(name)
            let result = try run(Repo.executable, ["render", json.path, "-o", out.path, "--sign-key", TestPKI.path("rsa.p12"),
                                                   "--sign-password-file", TestPKI.path("password")])
            #expect(result.status == 0, "\(result.stderr)")
            outputs.append(try Data(contentsOf: out))
        }
        #expect(outputs[0] == outputs[1])
        let verify = try run(Repo.executable, ["verify", folder.appendingPathComponent("a.pdf").path])
        #expect(verify.text.contains("D:20270115040500+00'00'"), "09:05 Astana is 04:05 UTC: \(verify.text)")
    }

    @Test("render for an outside signer: the stamp from --signer-cert, the bytes to sign, then embed")
    func renderForOutsideSigner() throws {
        let folder = temporaryFolder()
        let prepared = folder.appendingPathComponent("prepared.pdf"), tbs = folder.appendingPathComponent("tbs.bin")
        let result = try run(Repo.executable, ["render", license, "-o", prepared.path, "--signer-cert", TestPKI.path("ec.pem"),
                                               "--to-be-signed", tbs.path, "--signing-time", TestPKI.time])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(PDF.contains(PDF.squeezed(try PDF.text(prepared)), "Сертификат № 77"))
        let cms = folder.appendingPathComponent("sig.p7s"), signed = folder.appendingPathComponent("signed.pdf")
        #expect(try run("openssl", ["cms", "-sign", "-binary", "-md", "sha256", "-outform", "DER", "-in", tbs.path,
                                    "-signer", TestPKI.path("ec.pem"), "-inkey", TestPKI.path("ec.key"), "-out", cms.path]).status == 0)
        #expect(try run(Repo.executable, ["sign", "embed", prepared.path, "--cms", cms.path, "-o", signed.path]).status == 0)
        #expect(try run(Repo.executable, ["verify", signed.path, "--trust", TestPKI.path("ca.pem")]).status == 0)
    }

    @Test("qujat batch --sign-key: every document's file signed and valid; the merged print file unsigned with the same pages; a resume keeps the signed files")
    func batch() throws {
        let folder = temporaryFolder()
        let manifest = folder.appendingPathComponent("batch.jsonl")
        let lines = try ["license", "refusal", "termination"].enumerated().map { index, name in
            String(decoding: try JSONSerialization.data(withJSONObject: ["id": "d\(index)", "group": "g", "case": try Repo.exampleObject(name)]), as: UTF8.self)
        }
        try lines.joined(separator: "\n").write(to: manifest, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let arguments = ["batch", manifest.path, "--out", out.path, "--merge", "--progress", "none", "--sign-key", TestPKI.path("rsa.p12"),
                         "--sign-password-file", TestPKI.path("password"), "--signing-time", TestPKI.time]
        let first = try run(Repo.executable, arguments)
        #expect(first.status == 0, "\(first.stderr)")
        var files: [Data] = []
        for index in 0..<3 {
            let file = out.appendingPathComponent("d\(index).pdf")
            #expect(try pyHanko(file).status == 0, "d\(index)")
            files.append(try Data(contentsOf: file))
        }
        let merged = out.appendingPathComponent("merged/g.pdf")
        #expect(try run(Repo.executable, ["verify", merged.path]).text.contains("no signature"))
        #expect(try run("qpdf", ["--check", merged.path]).status == 0)
        let pages = try (0..<3).reduce(0) { $0 + (try PDF.pages(out.appendingPathComponent("d\($1).pdf"))) }
        #expect(try PDF.pages(merged) == pages)
        // A stamp in each copy: the license, the refusal, and both copies of the termination.
        #expect(PDF.squeezed(try PDF.text(merged)).components(separatedBy: "ҚОЛТАҢБАМЕН").count - 1 == 4)
        let mergedBytes = try Data(contentsOf: merged)
        let again = try run(Repo.executable, arguments)
        #expect(again.status == 0, "\(again.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        #expect((summary["documents"] as? [String: Any])?["resumed"] as? Int == 3)
        #expect(try (0..<3).map { try Data(contentsOf: out.appendingPathComponent("d\($0).pdf")) } == files)
        #expect(try Data(contentsOf: merged) == mergedBytes, "the print file rebuilt from resumed signed files is the same")
    }

    @Test("bad keys and certificates: a clear error, its own exit code, no output file")
    func badKeys() throws {
        let folder = temporaryFolder()
        try "wrong\n".write(to: folder.appendingPathComponent("wrong"), atomically: true, encoding: .utf8)
        let cases: [(key: String, password: String, time: String, status: Int32, says: String)] = [
            ("rsa.p12", folder.appendingPathComponent("wrong").path, TestPKI.time, 77, "wrong password"),
            ("tls.p12", "password", TestPKI.time, 78, "not for signing"),
            ("rsa.p12", "password", "2040-01-01T00:00:00Z", 78, "expired"),
            ("rsa.p12", "password", "2001-01-01T00:00:00Z", 78, "not valid before"),
            ("ca.pem", "password", TestPKI.time, 77, "not a PKCS#12"),
        ]
        for bad in cases {
            let output = folder.appendingPathComponent("out.pdf")
            let password = bad.password.hasPrefix("/") ? bad.password : TestPKI.path(bad.password)
            let result = try run(Repo.executable, ["render", license, "-o", output.path, "--sign-key", TestPKI.path(bad.key),
                                                   "--sign-password-file", password, "--signing-time", bad.time])
            #expect(result.status == bad.status, "\(bad.key) \(bad.time): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains(bad.says), "\(result.stderr)")
            #expect(!result.stderr.contains("құпия"), "the password is never printed")
            #expect(!FileManager.default.fileExists(atPath: output.path), "no output on failure")
        }
        let onCommandLine = try run(Repo.executable, ["render", license, "-o", folder.appendingPathComponent("x.pdf").path,
                                                      "--sign-key", TestPKI.path("rsa.p12")])
        #expect(onCommandLine.status == 64)
    }

    @Test("bad CMS and PDFs for embed/prepare: exit 65 with the reason, no output file")
    func badEmbeds() throws {
        let folder = temporaryFolder()
        let plain = try plainPDF(folder)
        let prepared = folder.appendingPathComponent("prepared.pdf"), tbs = folder.appendingPathComponent("tbs.bin")
        #expect(try run(Repo.executable, ["sign", "prepare", plain.path, "-o", prepared.path, "--to-be-signed", tbs.path,
                                          "--capacity", "1024"]).status == 0)
        func cms(_ name: String, _ input: URL, _ extra: [String]) throws -> URL {
            let out = folder.appendingPathComponent(name)
            let result = try run("openssl", ["cms", "-sign", "-binary", "-md", "sha256", "-outform", "DER", "-in", input.path,
                                             "-signer", TestPKI.path("rsa.pem"), "-inkey", TestPKI.path("rsa.key"), "-out", out.path] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            return out
        }
        let cases: [(cms: URL, into: URL, says: String)] = [
            (try cms("other.p7s", plain, []), prepared, "signs other bytes"),
            (try cms("attached.p7s", tbs, ["-nodetach"]), prepared, "attached"),
            (try cms("chain.p7s", tbs, ["-certfile", TestPKI.path("ca.pem")]), prepared, "has room for 1024"),
            (try cms("fine.p7s", tbs, []), plain, "no prepared signature"),
            (plain, prepared, "not a CMS"),
        ]
        for bad in cases {
            let output = folder.appendingPathComponent("signed.pdf")
            let result = try run(Repo.executable, ["sign", "embed", bad.into.path, "--cms", bad.cms.path, "-o", output.path])
            #expect(result.status == 65, "\(bad.cms.lastPathComponent): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains(bad.says), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: output.path))
        }
        // A PDF that Qujat did not write (object streams), or one signed already.
        let foreign = folder.appendingPathComponent("foreign.pdf")
        #expect(try run("qpdf", ["--object-streams=generate", plain.path, foreign.path]).status == 0)
        let signed = folder.appendingPathComponent("signed.pdf")
        #expect(try sign("rsa.p12", to: signed).status == 0)
        for input in [foreign, signed] {
            let result = try run(Repo.executable, ["sign", "prepare", input.path, "-o", folder.appendingPathComponent("p.pdf").path,
                                                   "--to-be-signed", folder.appendingPathComponent("t.bin").path])
            #expect(result.status == 65, "\(input.lastPathComponent): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("p.pdf").path))
        }
    }
}
