#!/usr/bin/env bash
# Generates the test-only TLS fixtures in fixtures/tls/: a certificate authority and a server
# certificate for 127.0.0.1, ::1 and localhost signed by it, valid for 100 years. The tests
# start HTTPS servers with the server certificate and make the qip subprocess trust the CA
# through DENO_CERT; nothing else trusts it. The CA's private key is thrown away, so the CA
# can sign nothing more. Needs openssl (Debian: apt-get install -y openssl).
#
#   scripts/generate_test_tls.sh    # rewrites fixtures/tls/{ca.pem,localhost.pem,localhost-key.pem}
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/fixtures/tls"
days=36500
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/ca-key.pem"
openssl req -x509 -new -key "$work/ca-key.pem" -sha256 -days "$days" \
  -subj "/CN=qip test CA (never trust outside the test suite)" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out "$work/ca.pem"

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/localhost-key.pem"
openssl req -new -key "$work/localhost-key.pem" -subj "/CN=localhost" -out "$work/localhost.csr"
cat >"$work/server.ext" <<'EXT'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost
authorityKeyIdentifier=keyid
subjectKeyIdentifier=hash
EXT
openssl x509 -req -in "$work/localhost.csr" -CA "$work/ca.pem" -CAkey "$work/ca-key.pem" \
  -set_serial "0x$(openssl rand -hex 16)" -sha256 -days "$days" -extfile "$work/server.ext" \
  -out "$work/localhost.pem"

mkdir -p "$out"
cp "$work/ca.pem" "$work/localhost.pem" "$work/localhost-key.pem" "$out/"
echo "wrote $out/ca.pem, $out/localhost.pem, $out/localhost-key.pem"
