#!/usr/bin/env bash
# Fuzzes the CSV, history and TOML readers and the problem builder with random inputs for
# FUZZ_SECONDS seconds (default 600); any panic fails the run. Not part of the tests.
#   bench/fuzz.sh            # ten minutes
#   FUZZ_SECONDS=60 bench/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export FUZZ_SECONDS="${FUZZ_SECONDS:-600}"
exec cargo test --release --test fuzz_inputs -- --ignored --nocapture fuzz_the_readers_for_a_while
