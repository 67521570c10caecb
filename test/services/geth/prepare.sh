#!/usr/bin/env bash
# Builds geth (go-ethereum's command-line node) for the Ethereum dev-node integration tests, with
# `go install` from the Go module proxy, into ${LEDGERHOUND_CACHE:-$HOME/.cache/ledgerhound}/go/bin.
# Idempotent: does nothing when the pinned version is already there. A build takes several minutes
# on 2 cores; the Go build cache is kept under the same cache folder so a rebuild is faster.
set -euo pipefail
GETH_VERSION="${GETH_VERSION:-v1.17.10}"
CACHE="${LEDGERHOUND_CACHE:-$HOME/.cache/ledgerhound}"
BIN="$CACHE/go/bin"
STAMP="$BIN/geth.version"
mkdir -p "$BIN"
if [ -x "$BIN/geth" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$GETH_VERSION" ]; then
  echo "geth $GETH_VERSION cached at $BIN/geth"
  exit 0
fi
if ! command -v go >/dev/null; then
  for d in /usr/local/go/bin /usr/lib/go/bin; do [ -x "$d/go" ] && PATH="$d:$PATH"; done
fi
command -v go >/dev/null || { echo "go toolchain not found: install Go >= 1.24 to build geth" >&2; exit 1; }
echo "building geth $GETH_VERSION with $(go version) (several minutes on 2 cores)"
export GOBIN="$BIN"
export GOPATH="${GOPATH:-$CACHE/go}"
export GOCACHE="${GOCACHE:-$CACHE/go/build-cache}"
export GOFLAGS="${GOFLAGS:-} -trimpath"
go install "github.com/ethereum/go-ethereum/cmd/geth@$GETH_VERSION"
echo "$GETH_VERSION" > "$STAMP"
# sed reads to the end: `head` closing the pipe early killed geth with SIGPIPE, and pipefail made
# that exit 141 on a fresh machine.
"$BIN/geth" version | sed -n 1,3p
