# Sourced by the comparison scripts in bench/: the median wall time of RUNS runs of a command.
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_runs() {  # command... ; prints the median wall time in seconds over $RUNS runs
  for _ in $(seq "$RUNS"); do
    s=$(date +%s.%N); "$@"; e=$(date +%s.%N)
    echo "$e - $s" | bc -l
  done | median
}
