// OpenSSL's libcrypto: PKCS#12 keys, X.509 certificates, signatures (EVP) and CMS parsing
// and verification, for the signature post-layer (QujatSign).
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/objects.h>
#include <openssl/crypto.h>
