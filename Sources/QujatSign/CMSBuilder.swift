import COpenSSL

/// A detached CAdES signature (CMS SignedData, RFC 5652) of the kind PAdES baseline B-B
/// asks for (ETSI EN 319 142-1): SHA-256; signed attributes content-type, message-digest
/// and ESS signing-certificate-v2, and no signing-time (the time is the signature
/// dictionary's /M); the signer's certificate and its chain.
///
/// Built here as DER rather than with OpenSSL's `CMS_sign`, which always adds signing-time.
enum CMSBuilder {
    static func signature(digest: [UInt8], key: SigningKey) throws(SignError) -> [UInt8] {
        let certificate = key.certificate
        guard let algorithm = key.algorithm,
              let issuer = OpenSSL.der({ i2d_X509_NAME(X509_get_issuer_name(certificate.x509), $0) }),
              let serial = OpenSSL.der({ i2d_ASN1_INTEGER(X509_get0_serialNumber(certificate.x509), $0) }) else {
            throw SignError.openSSL("cannot read the signer's certificate")
        }
        let certificateDER = certificate.der
        // ESSCertIDv2 with the default hash (SHA-256) left out, and the issuer and serial.
        let essCertID = DER.sequence([
            DER.octetString(OpenSSL.sha256(certificateDER)),
            DER.sequence([DER.sequence([DER.context(4, issuer)]), serial]),
        ])
        let attributes = [
            DER.attribute(OID.contentType, DER.oid(OID.data)),
            DER.attribute(OID.messageDigest, DER.octetString(digest)),
            DER.attribute(OID.signingCertificateV2, DER.sequence([DER.sequence([essCertID])])),
        ]
        // Signed as a SET OF; stored as [0] IMPLICIT with the same contents.
        let signedAttributes = DER.set(attributes)
        let signature = try key.sign(signedAttributes)
        let signerInfo = DER.sequence([
            DER.integer(1),
            DER.sequence([issuer, serial]),
            DER.algorithm(OID.sha256),
            [0xA0] + Array(signedAttributes.dropFirst()),
            algorithm,
            DER.octetString(signature),
        ])
        let certificates = DER.sorted([certificateDER] + key.chain.map(\.der)).flatMap { $0 }
        let signedData = DER.sequence([
            DER.integer(1),
            DER.set([DER.algorithm(OID.sha256)]),
            DER.sequence([DER.oid(OID.data)]),
            DER.context(0, certificates),
            DER.set([signerInfo]),
        ])
        return DER.sequence([DER.oid(OID.signedData), DER.context(0, signedData)])
    }
}
