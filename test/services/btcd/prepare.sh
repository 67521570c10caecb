#!/usr/bin/env bash
# Builds btcd (a Bitcoin full node in Go whose RPC answers getblockhash/getblock/getrawtransaction like
# Bitcoin Core) from the Go module proxy into ${LEDGERHOUND_CACHE}/go/bin, for the regtest integration
# tests and the bitcoin bench. Idempotent: does nothing when the pinned version is already built.
set -euo pipefail
BTCD_VERSION="${BTCD_VERSION:-v0.26.2}"
CACHE="${LEDGERHOUND_CACHE:-$HOME/.cache/ledgerhound}"
BIN="$CACHE/go/bin"
mkdir -p "$BIN"
if [ -x "$BIN/btcd" ] && "$BIN/btcd" --version 2>/dev/null | grep -q "${BTCD_VERSION#v}"; then
  echo "btcd ${BTCD_VERSION} already built in $BIN"
  exit 0
fi
if ! command -v go >/dev/null; then
  if [ -x /usr/local/go/bin/go ]; then
    export PATH="/usr/local/go/bin:$PATH"
  else
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-go >/dev/null
  fi
fi
export GOPATH="${GOPATH:-$CACHE/go}"
export GOMODCACHE="${GOMODCACHE:-$CACHE/go/pkg/mod}"
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
(cd /tmp && GOBIN="$BIN" go install "github.com/btcsuite/btcd@${BTCD_VERSION}")
"$BIN/btcd" --version
