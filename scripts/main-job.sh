#!/usr/bin/env bash
# The main job on the bundled samples: set up, build, convert samples/ into out/samples/,
# one summary line per file on stderr, then check every record against the schema.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD_DIR=${BUILD_DIR:-build}
mkdir -p out/samples
"$BUILD_DIR"/agendapack convert samples/ -o out/samples/
"$BUILD_DIR"/agendapack validate out/samples/*.json
