# Sourced by bench scripts: server_ticks prints the CPU of the PostgreSQL server's processes so far, in clock
# ticks (utime + stime + cutime + cstime, fields 14-17 of /proc/PID/stat, of every postgres process: the
# server must run on this machine, readable by this user).
server_ticks() {
  local sum=0 p rest
  for p in $(pgrep -x postgres || true); do
    rest=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null) || continue
    sum=$(( sum + $(awk '{ print $12 + $13 + $14 + $15 }' <<< "$rest") ))
  done
  echo "$sum"
}
