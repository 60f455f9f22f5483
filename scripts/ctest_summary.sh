#!/usr/bin/env bash
# ctest_summary.sh NAME REPORT.xml: one line with the counts of passed, failed and skipped tests
# of a CTest JUnit report, then each failed and skipped test, a skip with the reason its test
# printed ("SKIPPED: ..." from tests/support/test_main.h). Exits 1 when a test failed or the
# report is missing.
set -euo pipefail
name=$1 report=$2
if [[ ! -f "$report" ]]; then
  echo "$name: no test report ($report): the tests did not run"
  exit 1
fi
# CTest writes one <testcase name=... status="run|fail|notrun"> per test, its output in <system-out>.
awk -v run="$name" '
  function unescape(s) {
    gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s); gsub(/&apos;/, "'"'"'", s)
    gsub(/&amp;/, "\\&", s); return s
  }
  /<testcase / {
    match($0, /name="[^"]*"/); test = substr($0, RSTART + 6, RLENGTH - 7)
    match($0, /status="[^"]*"/); status = substr($0, RSTART + 8, RLENGTH - 9)
    if (status == "run") passed++
    else if (status == "fail") { failed++; failures = failures "  FAILED  " test "\n" }
  }
  # "notrun" is a skip when the test asked for it (its exit code), and a failure otherwise (CTest
  # could not start it).
  /<skipped message="/ && status == "notrun" {
    match($0, /message="[^"]*"/); why = substr($0, RSTART + 9, RLENGTH - 10)
    if (why ~ /^SKIP_/) { skipped++; order[skipped] = test; reason[test] = "" }
    else { failed++; failures = failures "  FAILED  " test " (" unescape(why) ")\n"; status = "broken" }
  }
  /SKIPPED: / && status == "notrun" {
    line = $0; sub(/.*SKIPPED: /, "", line); sub(/<\/system-out>.*/, "", line)
    reason[test] = reason[test] (reason[test] == "" ? "" : "; ") unescape(line)
  }
  END {
    printf "%s: %d passed, %d failed, %d skipped\n", run, passed, failed, skipped
    printf "%s", failures
    for (i = 1; i <= skipped; i++)
      printf "  SKIPPED %s: %s\n", order[i], reason[order[i]] == "" ? "(no reason printed)" : reason[order[i]]
    exit failed > 0
  }
' "$report"
