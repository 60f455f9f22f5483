#!/usr/bin/env bash
# Installs what is missing, builds Stride (Release) and starts it with your arguments:
#   ./run.sh                      the app window
#   ./run.sh stats --json         any subcommand (see ./run.sh --help)
set -euo pipefail
cd "$(dirname "$0")"
./scripts/deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j"${JOBS:-2}" --target stride
exec build/release/stride "$@"
