#!/usr/bin/env bash
# Installs Pystachio 0.8.5 (the version Aurora pinned) under dsl/target/pystachio-oracle for the differential
# tests (PystachioOracleTest), which run it under Jython 2.7 as Aurora did. Test-only: nothing under target/ ships,
# and no code is copied from it. Once installed, `mvn -o -q -pl dsl test` includes the oracle tests.
set -euo pipefail
target="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/target/pystachio-oracle"
mkdir -p "$target"
pip download --no-deps --quiet pystachio==0.8.5 -d "$target"
(cd "$target" && python3 -m zipfile -e pystachio-0.8.5-py2.py3-none-any.whl .)
test -f "$target/pystachio/__init__.py"
echo "pystachio 0.8.5 installed in $target"
