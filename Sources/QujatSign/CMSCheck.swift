import COpenSSL

/// Reads a CMS with OpenSSL and checks it against the bytes it should sign.
enum CMSCheck {
    /// A parsed CMS, freed with the value.
    final class Parsed {
        let cms: OpaquePointer
        init(_ der: [UInt8]) throws(SignError) {
            try OpenSSL.load()
            guard let parsed = OpenSSL.decode(der, { d2i_CMS_ContentInfo(nil, $0, $1) }) else {
                throw SignError(.cms, "the signature is not a CMS (DER) structure")
            }
            cms = parsed
            guard OBJ_obj2nid(CMS_get0_type(cms)) == NID_pkcs7_signed else {
                throw SignError(.cms, "the CMS is not SignedData")
            }
        }
        deinit { CMS_ContentInfo_free(cms) }

        var isDetached: Bool { CMS_get0_content(cms)?.pointee == nil }

        var signerInfos: [OpaquePointer] {
            guard let stack = CMS_get0_SignerInfos(cms) else { return [] }
            return (0..<OPENSSL_sk_num(stack)).compactMap { OPENSSL_sk_value(stack, $0).map { OpaquePointer($0) } }
        }

        /// The signer's certificate among those the CMS carries.
        var signer: Certificate? {
            guard let info = signerInfos.first, let stack = CMS_get1_certs(cms) else { return nil }
            defer { OPENSSL_sk_pop_free(stack) { X509_free(OpaquePointer($0)) } }
            return OpenSSL.certificates(stack).first { CMS_SignerInfo_cert_cmp(info, $0.x509) == 0 }
        }

        /// Checks the signature over `content`; with `store`, also the chain to a trusted root.
        /// - Returns: nil when it holds, or OpenSSL's reason.
        func verify(_ content: [UInt8], store: OpaquePointer?) -> String? {
            let bio = content.withUnsafeBytes { BIO_new_mem_buf($0.baseAddress, Int32($0.count)) }
            defer { BIO_free(bio) }
            var flags = UInt32(CMS_BINARY)
            if store == nil { flags |= UInt32(CMS_NO_SIGNER_CERT_VERIFY) }
            return CMS_verify(cms, nil, store, bio, nil, flags) == 1 ? nil : OpenSSL.lastError()
        }
    }

    /// Checks an outside signer's CMS before it is embedded.
    /// - Returns: warnings for what could not be checked here.
    static func detachedSignature(_ der: [UInt8], of content: [UInt8]) throws(SignError) -> [String] {
        let parsed = try Parsed(der)
        guard parsed.isDetached else {
            throw SignError(.cms, "the CMS holds its content (attached); a PDF signature must be detached")
        }
        let infos = parsed.signerInfos
        guard !infos.isEmpty else { throw SignError(.cms, "the CMS has no signer") }
        var warnings: [String] = []
        for info in infos {
            var digestAlgorithm: UnsafeMutablePointer<X509_ALGOR>?
            CMS_SignerInfo_get0_algs(info, nil, nil, &digestAlgorithm, nil)
            var object: OpaquePointer?
            X509_ALGOR_get0(&object, nil, nil, digestAlgorithm)
            let nid = OBJ_obj2nid(object)
            let digest = nid == NID_undef ? nil : EVP_get_digestbyname(OBJ_nid2sn(nid))
            guard let digest else {
                warnings.append("the CMS's digest algorithm (\(Self.name(object))) is unknown here: its message digest was not checked")
                continue
            }
            guard let attribute = CMS_signed_get0_data_by_OBJ(info, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING) else {
                // No signed attributes: the signature covers the content directly.
                if let why = parsed.verify(content, store: nil) {
                    throw SignError(.cms, "the CMS does not sign the prepared bytes: \(why)")
                }
                continue
            }
            let string = attribute.assumingMemoryBound(to: ASN1_STRING.self)
            let given = Array(UnsafeBufferPointer(start: ASN1_STRING_get0_data(string), count: Int(ASN1_STRING_length(string))))
            var expected = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
            var length: UInt32 = 0
            _ = content.withUnsafeBytes { EVP_Digest($0.baseAddress, $0.count, &expected, &length, digest, nil) }
            guard given == Array(expected.prefix(Int(length))) else {
                throw SignError(.cms, "the CMS signs other bytes: its message digest does not match the prepared PDF (was the file prepared again, or another file signed?)")
            }
        }
        if warnings.isEmpty, let why = parsed.verify(content, store: nil) {
            throw SignError(.cms, "the CMS's signature does not verify: \(why)")
        }
        return warnings
    }

    static func name(_ object: OpaquePointer?) -> String {
        var buffer = [CChar](repeating: 0, count: 128)
        OBJ_obj2txt(&buffer, Int32(buffer.count), object, 1)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
