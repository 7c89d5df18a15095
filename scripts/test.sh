#!/usr/bin/env bash
# The XCTest suites (make test), with a temporary directory of their own:
# the feeds, configurations, rejects and reports tests write under TMPDIR
# (generated customers' names and addresses among them) go there, and it is
# removed when the run ends, passed or failed. Arguments go to swift test.
set -euo pipefail
SWIFT="${SWIFT:-swift}"
# Short: clusters the tests start keep their unix socket inside it, and a
# socket's path is limited to about 100 bytes.
scratch="$(mktemp -d /tmp/crmwh-t.XXXXXX)"
chmod 700 "$scratch"
trap 'rm -rf "$scratch"' EXIT
TMPDIR="$scratch" "$SWIFT" test --skip-build "$@"
