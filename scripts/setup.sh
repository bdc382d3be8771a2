#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks (Debian packages only), then configures and
# builds agendapack in build/. Safe to run again: it installs nothing that is present and
# rebuilds only what changed. Used by main-job.sh, test.sh and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

# One list, grouped by what needs it. Add a package here, never by hand on a machine.
PACKAGES=(
  # build
  build-essential cmake ninja-build pkg-config git
  # the converter
  libpoppler-cpp-dev libpoppler-private-dev libtesseract-dev libleptonica-dev tesseract-ocr-eng
  nlohmann-json3-dev libvalijson-dev libcli11-dev libutf8proc-dev libpcre2-dev nettle-dev
  # ingest, crawl
  libsqlite3-dev libpq-dev libcurl4-openssl-dev
  # tests, samples, bench
  libgtest-dev libcairo2-dev fonts-dejavu-core poppler-utils python3 tesseract-ocr
  # ingest tests (a throwaway PostgreSQL server) and bench (qpdf repeats pages)
  postgresql qpdf
  # crawl tests (an in-process HTTP server) and the report in a headless browser
  libcpp-httplib-dev chromium
  # export tests query the facts database as an analyst would
  sqlite3
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

BUILD_DIR=${BUILD_DIR:-build}
BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" ${CMAKE_ARGS:-} >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)"
