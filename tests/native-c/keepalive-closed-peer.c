/* G-10: a TCP keepalive probe carries no new data (its sequence number is one below the next
 * byte), so even a socket that was closed answers it with an ACK, and the connection lives on.
 * New data draws the RST. The server writes a reply and close()s; the client, left in
 * CLOSE-WAIT, turns keepalive on (first probe after 1 s idle, then every 1 s). Its kernel's
 * counters (TCP_INFO: segments out, of them with data, segments in) say what went each way. */
#include <signal.h>
#include "facts.h"

int main(void) {
  signal(SIGPIPE, SIG_IGN); /* so that a write into the reset connection shows its errno */
  int server, client;
  tcp_pair(&server, &client);
  int server_port = local_port(server), client_port = local_port(client);
  if (write(server, "reply", 5) != 5) die("write");
  report_read("client", client);
  if (close(server) < 0) die("close"); /* nothing unread: a FIN */
  /* Until the client has acknowledged the FIN (a delayed ACK): from then on it sends nothing
   * but keepalive probes. */
  WAIT_UNTIL(proc_state(server_port, client_port, NULL) == ST_FIN_WAIT2, 5000);
  printf("server: close(); its side is in %s, the client's in %s\n",
         state_name(proc_state(server_port, client_port, NULL)), state_name(state_of(client)));

  int on = 1, idle = 1, interval = 1, count = 5;
  if (setsockopt(client, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle) < 0 ||
      setsockopt(client, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval) < 0 ||
      setsockopt(client, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count) < 0 ||
      setsockopt(client, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on) < 0)
    die("setsockopt keepalive");
  struct tcp_info before = info_of(client), now;
  unsigned sent, received;
  long start = now_ms();
  do { /* until two probes have gone out and as many segments have come back (or 10 s) */
    usleep(1000);
    now = info_of(client);
    sent = now.tcpi_segs_out - before.tcpi_segs_out;
    received = now.tcpi_segs_in - before.tcpi_segs_in;
  } while (!(sent >= 2 && received == sent) && now_ms() - start < 10000);
  printf("keepalive: the client sent %u segments (%u with data), received %u; it is in %s\n", sent,
         now.tcpi_data_segs_out - before.tcpi_data_segs_out, received, state_name(now.tcpi_state));

  if (write(client, "ping", 4) != 4) die("write");
  WAIT_UNTIL(state_of(client) != ST_CLOSE_WAIT, 5000);
  printf("the client wrote 4 bytes of data: it is in %s\n", state_name(state_of(client)));
  ssize_t n = write(client, "ping", 4);
  printf("client: the next write() returned %zd, errno %s\n", n, n < 0 ? errno_name(errno) : "none");
  return 0;
}
