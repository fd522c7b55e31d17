#!/usr/bin/env bash
# The realistic model's hourly process on one thread (rows/s), with JMH. Target (issue 15): at least 3M rows/s.
# Usage: bench/realistic.sh [extra JMH args]   (default: 1 fork, 2 warm-up and 5 measured iterations)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Xmx256m -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" org.openjdk.jmh.Main \
  'org.fleetgen.bench.RealisticProcessBenchmark' -f 1 -wi 2 -i 5 -w 3s -r 5s "$@"
