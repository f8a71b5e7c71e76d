#!/bin/bash
# Runs a C lab's program natively with an aimed fault on the wire, as the guest agent arms it
# (scripts/linux-image/guest/agent/faults.c), so that its reference is still native Linux: in a
# network namespace of its own (its own lo), u32 filters on lo's egress queue that, once the
# program's first FIN is seen, drop the ACKs with no data its sender then sends (last-ack), or,
# from the start, every FIN (fin); taken away once COUNT segments were dropped. The guest uses
# prio and a gact drop action; kernels built without them (this project's CI hosts) have htb, so
# here matching segments are sent to a class whose queue holds nothing (pfifo limit 0): dropped
# in the same place, before lo's packet taps, and counted by that queue.
# Needs root (or a user namespace), tc and tcpdump. Run by native-c-host.ts inside `unshare -n`:
#   native-aim.sh KIND COUNT PROGRAM [ARGS...]
set -euo pipefail
kind=$1 count=$2
shift 2
ip link set lo up
tc qdisc add dev lo root handle 1: htb default 1 r2q 100000
tc class add dev lo parent 1: classid 1:1 htb rate 10gbit
tc class add dev lo parent 1: classid 1:2 htb rate 10gbit
tc qdisc add dev lo parent 1:2 handle 20: pfifo limit 0

drops() { # what the filters dropped: the drops of the queue that holds nothing
  tc -s qdisc show dev lo | awk '/^qdisc pfifo 20:/ {q=1} q && /dropped/ {gsub(",", "", $7); print $7; exit}'
}
drop_acks_from() { # $1 sport $2 dport: ACK alone, no data (IP length 20 + 4 * data offset)
  for words in $(seq 5 15); do
    tc filter add dev lo parent 1: prio 1 protocol ip u32 \
      match ip protocol 6 0xff match u8 0x05 0x0f at 0 \
      match ip sport "$1" 0xffff match ip dport "$2" 0xffff \
      match u16 $((20 + 4 * words)) 0xffff at 2 \
      match u8 $((words << 4)) 0xf0 at 32 match u8 0x10 0xff at 33 flowid 1:2
  done
}

log=$(mktemp)
if [ "$kind" = fin ]; then
  tc filter add dev lo parent 1: prio 1 protocol ip u32 match ip protocol 6 0xff match u8 0x05 0x0f at 0 \
    match u8 0x01 0x01 at 33 flowid 1:2
else
  tcpdump -i lo -n -l -c 1 'tcp[tcpflags] & tcp-fin != 0' > "$log" 2> "$log.err" &
  until grep -q listening "$log.err"; do sleep 0.01; done
fi
"$@" &
program=$!
armed=$([ "$kind" = fin ] && echo 1 || echo 0)
while kill -0 "$program" 2> /dev/null; do
  if [ "$armed" = 0 ] && [ -s "$log" ]; then
    # "12:00:00.000000 IP 127.0.0.1.40000 > 127.0.0.1.7000: Flags [F.], ..."
    read -r sport dport < <(sed -E 's/.* IP [0-9.]+\.([0-9]+) > [0-9.]+\.([0-9]+):.*/\1 \2/' "$log")
    drop_acks_from "$sport" "$dport"
    armed=1
  elif [ "$armed" = 1 ] && [ "$(drops)" -ge "$count" ]; then
    tc filter del dev lo parent 1: prio 1
    armed=2
  fi
  sleep 0.005
done
wait "$program"
