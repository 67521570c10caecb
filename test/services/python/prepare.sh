#!/usr/bin/env bash
# Creates the Python virtual environment with the reference validators the sharing tests run on our
# STIX 2.1 bundles and MISP events: OASIS's stix2-validator (3.3.2: the 3.3.1 wheel lacks its schemas)
# and MISP's PyMISP (MISPEvent().load, MISPObject(name, strict=True)). Installed from PyPI into
# ${LEDGERHOUND_CACHE}/venv, outside the work tree. Idempotent: does nothing when the pinned versions
# are already installed.
set -euo pipefail
STIX2_VALIDATOR_VERSION="${STIX2_VALIDATOR_VERSION:-3.3.2}"
PYMISP_VERSION="${PYMISP_VERSION:-2.5.34.4}"
CACHE="${LEDGERHOUND_CACHE:-$HOME/.cache/ledgerhound}"
VENV="$CACHE/venv"
PY="$VENV/bin/python"
installed() {
  [ -x "$PY" ] && "$PY" - "$STIX2_VALIDATOR_VERSION" "$PYMISP_VERSION" <<'PYEOF' 2>/dev/null
import sys
from importlib.metadata import version
ok = version("stix2-validator") == sys.argv[1] and version("pymisp") == sys.argv[2]
sys.exit(0 if ok else 1)
PYEOF
}
if installed; then
  echo "stix2-validator ${STIX2_VALIDATOR_VERSION} and pymisp ${PYMISP_VERSION} already in $VENV"
  exit 0
fi
mkdir -p "$CACHE"
if ! python3 -m venv --help >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
fi
# An interrupted run leaves a venv without the pinned versions: the check above then rebuilds it.
rm -rf "$VENV"
python3 -m venv "$VENV"
"$PY" -m pip install --quiet --disable-pip-version-check \
  "stix2-validator==${STIX2_VALIDATOR_VERSION}" "pymisp==${PYMISP_VERSION}"
installed
echo "stix2-validator ${STIX2_VALIDATOR_VERSION} and pymisp ${PYMISP_VERSION} installed in $VENV"
