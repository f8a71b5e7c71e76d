/* G-4: CLOSING. A fills the buffers and calls shutdown(SHUT_WR): its FIN waits behind the data,
 * and A stays in FIN-WAIT-1. B, which has read nothing, calls shutdown(SHUT_WR) too: B's FIN
 * arrives while A's is still queued, so A goes to CLOSING. Then B reads everything, A's FIN
 * last, and both sides end in TIME-WAIT. */
#include "facts.h"

int main(void) {
  int a, b;
  tcp_pair(&a, &b);
  int port_a = local_port(a), port_b = local_port(b);
  size_t queued = fill(a);
  if (shutdown(a, SHUT_WR) < 0) die("shutdown");
  printf("A: shutdown(SHUT_WR) with %zu bytes queued: A is in %s\n", queued, state_name(state_of(a)));
  if (shutdown(b, SHUT_WR) < 0) die("shutdown");
  WAIT_UNTIL(state_of(a) != ST_FIN_WAIT1 && state_of(b) != ST_FIN_WAIT1, 5000);
  printf("B: shutdown(SHUT_WR), nothing read: A is in %s, B in %s\n", state_name(state_of(a)),
         state_name(state_of(b)));
  fflush(stdout);
  int end;
  size_t received = drain(b, &end);
  printf("B read %zu of %zu bytes, then %s\n", received, queued, end == 0 ? "end of file" : errno_name(end));
  /* Each socket has handed its connection to a TIME-WAIT record (TCP_INFO says CLOSED): look
   * for the records in /proc/net/tcp. */
  WAIT_UNTIL(proc_state(port_a, port_b, NULL) == ST_TIME_WAIT && proc_state(port_b, port_a, NULL) == ST_TIME_WAIT,
             5000);
  printf("then A: %s, B: %s\n", state_name(proc_state(port_a, port_b, NULL)),
         state_name(proc_state(port_b, port_a, NULL)));
  return 0;
}
