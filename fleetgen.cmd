@echo off
rem fleetgen launcher for Windows: builds the jar when it is missing or older than the sources, then runs it.
rem The same job as ./fleetgen (which needs bash); not run on Windows by the project yet (see README, Platforms).
setlocal EnableExtensions
set "HERE=%~dp0"
rem The runnable jar: the build's "cli" artifact, named with the version.
set "JAR="
for %%f in ("%HERE%target\fleetgen-*-cli.jar") do set "JAR=%%~ff"
if not defined JAR set "JAR=%HERE%target\fleetgen-cli.jar"

set "BUILD="
if not exist "%JAR%" set "BUILD=1"
if not defined BUILD (
  rem A source newer than the jar means a rebuild, as in ./fleetgen.
  powershell -NoProfile -NonInteractive -Command ^
    "$jar = (Get-Item -LiteralPath $env:JAR).LastWriteTime;" ^
    "$paths = @('pom.xml', 'src\main', 'db', 'sql') | ForEach-Object { Join-Path $env:HERE $_ } | Where-Object { Test-Path -LiteralPath $_ };" ^
    "$newer = Get-ChildItem -LiteralPath $paths -Recurse -File | Where-Object { $_.LastWriteTime -gt $jar } | Select-Object -First 1;" ^
    "if ($newer) { exit 1 } else { exit 0 }"
  if errorlevel 1 set "BUILD=1"
)
if defined BUILD (
  echo fleetgen: building the jar ^(first run or sources changed^)... 1>&2
  pushd "%HERE%"
  call mvn -q -B -Dstyle.color=never package -DskipTests 1>&2
  set "RC=%ERRORLEVEL%"
  popd
  if not "%RC%"=="0" exit /b %RC%
  for %%f in ("%HERE%target\fleetgen-*-cli.jar") do set "JAR=%%~ff"
)

rem Streaming keeps the heap small whatever the dataset size; serial GC keeps RSS close to it.
if not defined FLEETGEN_JAVA_OPTS set "FLEETGEN_JAVA_OPTS=-Xmx256m -XX:+UseSerialGC"
rem JVM messages go to stderr, never into data written to stdout (export -).
java %FLEETGEN_JAVA_OPTS% -Xlog:disable -Xlog:all=warning:stderr -jar "%JAR%" %*
exit /b %ERRORLEVEL%
