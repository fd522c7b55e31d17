#!/usr/bin/env bash
# Generation throughput (rows/s) on the hourly default shape, with JMH.
# Usage: bench/generation.sh [extra JMH args]   (default: 1 fork, 2 warm-up and 5 measured iterations)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Xmx256m -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" org.openjdk.jmh.Main \
  'org.fleetgen.bench.GenerationBenchmark' -f 1 -wi 2 -i 5 -w 3s -r 5s "$@"
