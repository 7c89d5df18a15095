#!/usr/bin/env bash
# Installs what crmwh needs from Debian's packages when it is missing:
# the PostgreSQL server (for the embedded cluster and the tests), libpq's
# headers (to build), zlib's headers (gzip feeds) and OpenSSL's libcrypto
# headers (SHA-256 fingerprints).
set -euo pipefail

missing=()
have_server() { ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; }
have_server || missing+=(postgresql postgresql-contrib)
[ -f /usr/include/postgresql/libpq-fe.h ] || missing+=(libpq-dev)
[ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
[ -f /usr/include/openssl/evp.h ] || missing+=(libssl-dev)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
[ -x /usr/bin/time ] || missing+=(time)      # peak memory in the fault suite

if [ ${#missing[@]} -eq 0 ]; then
    echo "setup: PostgreSQL server, libpq-dev, zlib1g-dev and libssl-dev are installed"
    exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
