#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test suite:
#   1. Release build: unit, integration (CLI, SIGKILL) and GUI tests (under xvfb-run).
#   2. Debug build with AddressSanitizer + UBSan: the unit tests again.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/deps.sh
JOBS="${JOBS:-2}"

echo "== Release build and all tests"
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j"$JOBS"
(cd build/release && ctest --output-on-failure)

echo "== Debug build with AddressSanitizer and UBSan: unit tests"
cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DSTRIDE_SANITIZE=ON -DSTRIDE_GUI=OFF >/dev/null
cmake --build build/asan -j"$JOBS" --target stride_unit
(cd build/asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -L unit)
