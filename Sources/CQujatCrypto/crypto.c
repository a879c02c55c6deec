// libcrypto (OpenSSL 3) loaded when first used, not when the program starts.
//
// Only signing and verification need OpenSSL, but a program linked with -lcrypto has the
// dynamic loader map libcrypto and bind its ~3 400 symbols before main: 0.6 ms of every cold
// `qujat render` (docs/ARCHITECTURE.md, "Start-up"). Instead each OpenSSL function Qujat calls
// is defined here with OpenSSL's own prototype (the headers below make the compiler check
// every one): its first call dlopens libcrypto.so.3 and looks the real function up, later
// calls go straight through the saved pointer. The definitions are hidden, so they are not
// exported: libcrypto's calls to its own functions stay inside libcrypto.
//
// A function QujatSign starts to call must be added to the list below, or the link fails
// with an undefined symbol (nothing links libcrypto itself).
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/opensslv.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "CQujatCrypto.h"

#define QUJAT_STRING(x) #x
#define QUJAT_SONAME(major) "libcrypto.so." QUJAT_STRING(major)

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void *library;
static char failure[512];

static void open_library(void) {
    library = dlopen(QUJAT_SONAME(OPENSSL_VERSION_MAJOR), RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *why = dlerror();
        snprintf(failure, sizeof failure, "OpenSSL's libcrypto could not be loaded: %s", why ? why : "unknown reason");
    }
}

const char *qujat_crypto_load(void) {
    pthread_once(&once, open_library);
    return library == NULL ? failure : NULL;
}

/// The real function `name`; a program that cannot have it stops with the reason (exit 70),
/// as no OpenSSL call can go on without it. Callers check qujat_crypto_load first.
static void *real(const char *name) {
    const char *why = qujat_crypto_load();
    void *function = why == NULL ? dlsym(library, name) : NULL;
    if (function == NULL) {
        fprintf(stderr, "qujat: %s\n", why != NULL ? why : dlerror());
        exit(70);
    }
    return function;
}

#define LAZY(ret, name, params, args)                                              \
    __attribute__((visibility("hidden"))) ret name params {                        \
        static ret(*saved) params;                                                 \
        ret(*function) params = __atomic_load_n(&saved, __ATOMIC_ACQUIRE);         \
        if (function == NULL) {                                                    \
            function = (ret(*) params)real(#name);                                 \
            __atomic_store_n(&saved, function, __ATOMIC_RELEASE);                  \
        }                                                                          \
        return function args;                                                      \
    }

#define LAZY_VOID(name, params, args)                                              \
    __attribute__((visibility("hidden"))) void name params {                       \
        static void(*saved) params;                                                \
        void(*function) params = __atomic_load_n(&saved, __ATOMIC_ACQUIRE);        \
        if (function == NULL) {                                                    \
            function = (void(*) params)real(#name);                                \
            __atomic_store_n(&saved, function, __ATOMIC_RELEASE);                  \
        }                                                                          \
        function args;                                                             \
    }

LAZY(BIGNUM *, ASN1_INTEGER_to_BN, (const ASN1_INTEGER *ai, BIGNUM *bn), (ai, bn))
LAZY(const unsigned char *, ASN1_STRING_get0_data, (const ASN1_STRING *x), (x))
LAZY(int, ASN1_STRING_length, (const ASN1_STRING *x), (x))
LAZY(int, ASN1_STRING_to_UTF8, (unsigned char **out, const ASN1_STRING *in), (out, in))
LAZY(int, ASN1_TIME_to_tm, (const ASN1_TIME *s, struct tm *tm), (s, tm))
LAZY(int, BIO_free, (BIO *a), (a))
LAZY(BIO *, BIO_new_mem_buf, (const void *buf, int len), (buf, len))
LAZY(char *, BN_bn2hex, (const BIGNUM *a), (a))
LAZY_VOID(BN_free, (BIGNUM *a), (a))
LAZY_VOID(CMS_ContentInfo_free, (CMS_ContentInfo *a), (a))
LAZY(int, CMS_SignerInfo_cert_cmp, (CMS_SignerInfo *si, X509 *cert), (si, cert))
LAZY_VOID(CMS_SignerInfo_get0_algs, (CMS_SignerInfo *si, EVP_PKEY **pk, X509 **signer, X509_ALGOR **pdig, X509_ALGOR **psig), (si, pk, signer, pdig, psig))
LAZY(STACK_OF(CMS_SignerInfo) *, CMS_get0_SignerInfos, (CMS_ContentInfo *cms), (cms))
LAZY(ASN1_OCTET_STRING **, CMS_get0_content, (CMS_ContentInfo *cms), (cms))
LAZY(const ASN1_OBJECT *, CMS_get0_type, (const CMS_ContentInfo *cms), (cms))
LAZY(STACK_OF(X509) *, CMS_get1_certs, (CMS_ContentInfo *cms), (cms))
LAZY(void *, CMS_signed_get0_data_by_OBJ, (const CMS_SignerInfo *si, const ASN1_OBJECT *oid, int lastpos, int type), (si, oid, lastpos, type))
LAZY(int, CMS_verify, (CMS_ContentInfo *cms, STACK_OF(X509) *certs, X509_STORE *store, BIO *dcont, BIO *out, unsigned int flags), (cms, certs, store, dcont, out, flags))
LAZY_VOID(CRYPTO_free, (void *ptr, const char *file, int line), (ptr, file, line))
LAZY_VOID(ERR_clear_error, (void), ())
LAZY_VOID(ERR_error_string_n, (unsigned long e, char *buf, size_t len), (e, buf, len))
LAZY(unsigned long, ERR_peek_last_error, (void), ())
LAZY(int, EVP_Digest, (const void *data, size_t count, unsigned char *md, unsigned int *size, const EVP_MD *type, ENGINE *impl), (data, count, md, size, type, impl))
LAZY(int, EVP_DigestFinal_ex, (EVP_MD_CTX *ctx, unsigned char *md, unsigned int *s), (ctx, md, s))
LAZY(int, EVP_DigestInit_ex, (EVP_MD_CTX *ctx, const EVP_MD *type, ENGINE *impl), (ctx, type, impl))
LAZY(int, EVP_DigestSign, (EVP_MD_CTX *ctx, unsigned char *sigret, size_t *siglen, const unsigned char *tbs, size_t tbslen), (ctx, sigret, siglen, tbs, tbslen))
LAZY(int, EVP_DigestSignInit, (EVP_MD_CTX *ctx, EVP_PKEY_CTX **pctx, const EVP_MD *type, ENGINE *e, EVP_PKEY *pkey), (ctx, pctx, type, e, pkey))
LAZY(int, EVP_DigestUpdate, (EVP_MD_CTX *ctx, const void *d, size_t cnt), (ctx, d, cnt))
LAZY_VOID(EVP_MD_CTX_free, (EVP_MD_CTX *ctx), (ctx))
LAZY(EVP_MD_CTX *, EVP_MD_CTX_new, (void), ())
LAZY_VOID(EVP_PKEY_free, (EVP_PKEY *pkey), (pkey))
LAZY(int, EVP_PKEY_get_base_id, (const EVP_PKEY *pkey), (pkey))
LAZY(const EVP_MD *, EVP_get_digestbyname, (const char *name), (name))
LAZY(const EVP_MD *, EVP_sha256, (void), ())
LAZY(ASN1_OBJECT *, OBJ_nid2obj, (int n), (n))
LAZY(const char *, OBJ_nid2sn, (int n), (n))
LAZY(int, OBJ_obj2nid, (const ASN1_OBJECT *o), (o))
LAZY(int, OBJ_obj2txt, (char *buf, int buf_len, const ASN1_OBJECT *a, int no_name), (buf, buf_len, a, no_name))
LAZY(int, OPENSSL_sk_num, (const OPENSSL_STACK *st), (st))
LAZY_VOID(OPENSSL_sk_pop_free, (OPENSSL_STACK *st, void (*func)(void *)), (st, func))
LAZY(void *, OPENSSL_sk_value, (const OPENSSL_STACK *st, int i), (st, i))
LAZY(X509 *, PEM_read_bio_X509, (BIO *out, X509 **x, pem_password_cb *cb, void *u), (out, x, cb, u))
LAZY_VOID(PKCS12_free, (PKCS12 *a), (a))
LAZY(int, PKCS12_parse, (PKCS12 *p12, const char *pass, EVP_PKEY **pkey, X509 **cert, STACK_OF(X509) **ca), (p12, pass, pkey, cert, ca))
LAZY(int, PKCS12_verify_mac, (PKCS12 *p12, const char *pass, int passlen), (p12, pass, passlen))
LAZY_VOID(X509_ALGOR_get0, (const ASN1_OBJECT **paobj, int *pptype, const void **ppval, const X509_ALGOR *algor), (paobj, pptype, ppval, algor))
LAZY(ASN1_STRING *, X509_NAME_ENTRY_get_data, (const X509_NAME_ENTRY *ne), (ne))
LAZY(X509_NAME_ENTRY *, X509_NAME_get_entry, (const X509_NAME *name, int loc), (name, loc))
LAZY(int, X509_NAME_get_index_by_NID, (const X509_NAME *name, int nid, int lastpos), (name, nid, lastpos))
LAZY(int, X509_STORE_add_cert, (X509_STORE *ctx, X509 *x), (ctx, x))
LAZY_VOID(X509_STORE_free, (X509_STORE *v), (v))
LAZY(X509_STORE *, X509_STORE_new, (void), ())
LAZY(int, X509_STORE_set_purpose, (X509_STORE *ctx, int purpose), (ctx, purpose))
LAZY(int, X509_check_private_key, (const X509 *x509, const EVP_PKEY *pkey), (x509, pkey))
LAZY(int, X509_cmp_time, (const ASN1_TIME *s, time_t *t), (s, t))
LAZY_VOID(X509_free, (X509 *a), (a))
LAZY(const ASN1_TIME *, X509_get0_notAfter, (const X509 *x), (x))
LAZY(const ASN1_TIME *, X509_get0_notBefore, (const X509 *x), (x))
LAZY(const ASN1_INTEGER *, X509_get0_serialNumber, (const X509 *x), (x))
LAZY(X509_NAME *, X509_get_issuer_name, (const X509 *a), (a))
LAZY(uint32_t, X509_get_key_usage, (X509 *x), (x))
LAZY(X509_NAME *, X509_get_subject_name, (const X509 *a), (a))
LAZY(int, X509_up_ref, (X509 *x), (x))
LAZY(CMS_ContentInfo *, d2i_CMS_ContentInfo, (CMS_ContentInfo **a, const unsigned char **in, long len), (a, in, len))
LAZY(PKCS12 *, d2i_PKCS12, (PKCS12 **a, const unsigned char **in, long len), (a, in, len))
LAZY(int, i2d_ASN1_INTEGER, (const ASN1_INTEGER *a, unsigned char **out), (a, out))
LAZY(int, i2d_X509, (const X509 *a, unsigned char **out), (a, out))
LAZY(int, i2d_X509_NAME, (const X509_NAME *a, unsigned char **out), (a, out))
