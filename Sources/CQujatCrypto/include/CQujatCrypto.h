#ifndef CQUJAT_CRYPTO_H
#define CQUJAT_CRYPTO_H

/// Loads libcrypto if it is not loaded yet. Returns NULL when it is there, else why not
/// (dlopen's message), for an error a caller can report before any OpenSSL call.
const char *qujat_crypto_load(void);

#endif
