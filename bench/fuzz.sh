#!/usr/bin/env bash
# Fuzzes one target for a given time with Jazzer (docs/FUZZING.md):
#   bench/fuzz.sh RecordDecoderFuzzTest 600          # the class's one @FuzzTest, 10 minutes
#   bench/fuzz.sh 'JsonLinesFuzzTest#roundTrip' 60   # one method of a class with several
# Runs under nice 19. A finding stops the run, fails it, and is written to
# core/src/test/resources/<package>/<Class>Inputs/<method>/crash-*, where the ordinary build replays it
# from then on; the corpus the run grew stays in .cifuzz-corpus/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: bench/fuzz.sh CLASS[#METHOD] SECONDS}
seconds=${2:-600}
# Each input has 10 s (the targets' @Timeout, which Jazzer hands to libFuzzer as -timeout); JUnit's
# own enforcement is off, or it would take the whole run for one test that timed out.
JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${seconds}s" exec nice -n 19 ./mvnw -B -o -pl core test -Dfuzz.only=true \
  -Djunit.jupiter.execution.timeout.mode=disabled -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false
