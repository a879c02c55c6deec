#!/usr/bin/env bash
# Signed against unsigned licenses in one run: makes a throwaway CA and RSA-2048 / ECDSA P-256
# signers with openssl (in .build/pki), then runs qujat-bench on licenses with --signing.
#   Benchmarks/signing.sh [--count N]
set -euo pipefail
bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pki="$bench_dir/.build/pki"
mkdir -p "$pki"
(
  cd "$pki"
  echo bench-pass > pw
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj "/C=KZ/CN=Bench CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" 2>/dev/null
  for alg in rsa ec; do
    if [ $alg = rsa ]; then openssl genrsa -out $alg.key 2048 2>/dev/null; else openssl ecparam -name prime256v1 -genkey -noout -out $alg.key; fi
    openssl req -new -key $alg.key -out $alg.csr -utf8 \
      -subj "/C=KZ/CN=ТӨСЕКБАЕВ ҚАЙРАТ/serialNumber=IIN800101300123/O=Денсаулық сақтау басқармасы/OU=BIN010640001239" 2>/dev/null
    printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n' > ext.cnf
    openssl x509 -req -in $alg.csr -CA ca.pem -CAkey ca.key -set_serial $RANDOM -days 30 -out $alg.pem -extfile ext.cnf 2>/dev/null
    openssl pkcs12 -export -inkey $alg.key -in $alg.pem -certfile ca.pem -out $alg.p12 -passout file:pw
  done
)
exec "$bench_dir/run.sh" --scenario license --flat 0 --signing "$pki" "$@"
