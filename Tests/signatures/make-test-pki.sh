#!/bin/sh
# make-test-pki.sh DIR: the tests' throwaway PKI, made with openssl. A CA with a Kazakh name;
# RSA-2048 and ECDSA P-256 signers whose subjects are shaped like NCA RK's (CN, SN, GN,
# serialNumber=IIN…, O, OU=BIN…); a certificate that is not for signing. Each key also as a
# PKCS#12 file with the CA, password in DIR/password.
set -e
cd "$1"
cat > ca.cnf <<'CNF'
[req]
distinguished_name = dn
prompt = no
utf8 = yes
string_mask = utf8only
[dn]
C = KZ
CN = ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ TEST
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
[signer]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
[tls]
basicConstraints = critical,CA:FALSE
keyUsage = critical,keyEncipherment
CNF
printf 'құпия-сөз 1\n' > password
subject="/C=KZ/CN=ТӨСЕКБАЕВ ҚАЙРАТ/SN=ТӨСЕКБАЕВ/GN=ДӘУЛЕТҰЛЫ/serialNumber=IIN800101300123/O=«Денсаулық сақтау басқармасы» ММ/OU=BIN010640001239"
openssl req -x509 -new -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 -config ca.cnf -extensions ca -utf8 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -keyout rsa.key -out rsa.csr -subj "$subject" -utf8 2>/dev/null
openssl x509 -req -in rsa.csr -CA ca.pem -CAkey ca.key -set_serial 0x1a2b3c4d5e6f -days 730 -out rsa.pem -extfile ca.cnf -extensions signer 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ec.key -out ec.csr -subj "$subject" -utf8 2>/dev/null
openssl x509 -req -in ec.csr -CA ca.pem -CAkey ca.key -set_serial 0x77 -days 730 -out ec.pem -extfile ca.cnf -extensions signer 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -keyout tls.key -out tls.csr -subj "/CN=tls" 2>/dev/null
openssl x509 -req -in tls.csr -CA ca.pem -CAkey ca.key -set_serial 5 -days 730 -out tls.pem -extfile ca.cnf -extensions tls 2>/dev/null
for k in rsa ec tls; do
  openssl pkcs12 -export -inkey $k.key -in $k.pem -certfile ca.pem -out $k.p12 -passout file:password
done
