#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test suite:
#   1. Release build: unit, integration (CLI, SIGKILL) and GUI tests (under xvfb-run).
#   2. Debug build with AddressSanitizer + UBSan: the unit and GUI tests again.
# Ends with the number of tests passed, failed and skipped in each run, and why each skip happened.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/deps.sh
JOBS="${JOBS:-2}"

# run_ctest NAME BUILD_DIR [CTEST ARGS...]: runs CTest in BUILD_DIR and keeps its JUnit report for
# the summary; a failure is remembered, and the remaining runs still happen.
REPORTS=()
FAILED=0
run_ctest() {
  local name=$1 dir=$2
  shift 2
  local report="$PWD/$dir/ctest-$name.xml"
  rm -f "$report"
  (cd "$dir" && ctest --output-on-failure --output-junit "$report" "$@") || FAILED=1
  REPORTS+=("$name=$report")
}

echo "== Release build and all tests"
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j"$JOBS"
run_ctest release build/release

echo "== Debug build with AddressSanitizer and UBSan: unit and GUI tests"
cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DSTRIDE_SANITIZE=ON -DSTRIDE_GUI=ON >/dev/null
cmake --build build/asan -j"$JOBS" --target stride_unit stride_gui_test
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 run_ctest asan build/asan -L "unit|gui"

echo "== Summary"
for entry in "${REPORTS[@]}"; do
  ./scripts/ctest_summary.sh "${entry%%=*}" "${entry#*=}" || FAILED=1
done
exit "$FAILED"
