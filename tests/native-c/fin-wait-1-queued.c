/* G-3: FIN-WAIT-1 lasts as long as data queued before the FIN is not delivered. We fill the
 * buffers (the peer does not read) and close(): our FIN waits behind the data. Only when the
 * peer reads does everything, the FIN last, get through and acknowledged. */
#include "facts.h"

int main(void) {
  int conn, peer;
  tcp_pair(&conn, &peer);
  int ours = local_port(conn), theirs = local_port(peer);
  size_t queued = fill(conn);
  if (close(conn) < 0) die("close");
  printf("close() with %zu bytes queued; the peer does not read\n", queued);
  for (int at = 200; at <= 600; at += 200) {
    pause_ms(200);
    unsigned long unacked = 0;
    int st = proc_state(ours, theirs, &unacked);
    printf("%d ms later: our side %s, %lu bytes not yet acknowledged\n", at, state_name(st), unacked);
  }
  fflush(stdout);
  int end;
  size_t received = drain(peer, &end);
  printf("the peer read %zu of %zu bytes, then %s\n", received, queued, end == 0 ? "end of file" : errno_name(end));
  unsigned long unacked = 0;
  WAIT_UNTIL(proc_state(ours, theirs, NULL) != ST_FIN_WAIT1, 5000);
  int st = proc_state(ours, theirs, &unacked);
  printf("then our side: %s, %lu bytes not yet acknowledged\n", state_name(st), unacked);
  return 0;
}
