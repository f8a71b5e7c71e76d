/* Why TIME-WAIT lasts: the last ACK of a close can be lost.
 *
 * Both ends of one loopback connection in one process. The client closes first (its FIN); the
 * server reads the end of file, finishes its work for a second, and closes its sending side
 * (its FIN): it is then in LAST-ACK until the client's ACK of that FIN arrives, the last segment
 * of the close. The server watches its own socket (TCP_INFO) and reports each time its kernel
 * sends the FIN again, and when the connection is closed; then where the client's side is.
 *
 * Run it as it is, and again with the last ACK lost on the wire (the lab's "Lose the last ACK";
 * natively: a tc filter on lo, see the lab's README): the server's FIN comes again, and the
 * client's side, in TIME-WAIT, is still there to answer it.
 * Build and run:  cc -Wall -o last-ack last-ack.c && ./last-ack */
#include <netinet/tcp.h>
#include <time.h>
#include "demo.h"

static const char *state_name(int st) {
  switch (st) {
    case TCP_ESTABLISHED: return "ESTABLISHED";
    case TCP_CLOSE_WAIT: return "CLOSE-WAIT";
    case TCP_LAST_ACK: return "LAST-ACK";
    case TCP_TIME_WAIT: return "TIME-WAIT";
    case TCP_CLOSE: return "CLOSED";
    default: return "another state";
  }
}

static struct tcp_info info_of(int fd) {
  struct tcp_info info;
  socklen_t len = sizeof info;
  if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) < 0) die("TCP_INFO");
  return info;
}

static void sleep_ms(long ms) {
  struct timespec t = {ms / 1000, ms % 1000 * 1000000L};
  nanosleep(&t, NULL);
}

/* The state /proc/net/tcp gives the socket bound to 127.0.0.1:port (it lists TIME-WAIT sockets,
 * which no descriptor holds any more), or -1 when there is none. */
static int proc_state(int port) {
  FILE *f = fopen("/proc/net/tcp", "r");
  if (!f) die("/proc/net/tcp");
  char line[256];
  unsigned local_port, st;
  int found = -1;
  while (fgets(line, sizeof line, f))
    if (sscanf(line, " %*d: %*8x:%x %*8x:%*x %x", &local_port, &st) == 2 && (int)local_port == port) found = (int)st;
  fclose(f);
  return found;
}

int main(void) {
  int server, client;
  tcp_pair(&server, &client);
  struct sockaddr_in me;
  socklen_t len = sizeof me;
  getsockname(client, (struct sockaddr *)&me, &len);
  int client_port = ntohs(me.sin_port);
  setvbuf(stdout, NULL, _IOLBF, 0);

  printf("client: connected, then close(): its FIN goes out\n");
  close(client);

  char byte;
  if (read(server, &byte, 1) != 0) die("server: expected the end of file");
  printf("server: read() returned 0: the client's FIN arrived; the server closes 1 s later\n");
  sleep_ms(1000);
  if (shutdown(server, SHUT_WR) < 0) die("server: shutdown");
  printf("server: shutdown(SHUT_WR): its FIN goes out; LAST-ACK until the client's ACK of it arrives\n");

  /* Every 2 ms for up to 20 s: each FIN sent again, and the end. */
  unsigned seen = 0;
  struct tcp_info now = info_of(server);
  for (int waited = 0; now.tcpi_state != TCP_CLOSE && waited < 20000; waited += 2) {
    sleep_ms(2);
    now = info_of(server);
    for (; seen < now.tcpi_total_retrans; seen++)
      printf("server: no ACK came: its FIN sent again (retransmission %u)\n", seen + 1);
  }
  if (now.tcpi_state != TCP_CLOSE) {
    printf("server: still %s after 20 s\n", state_name(now.tcpi_state));
    return 1;
  }
  printf("server: CLOSED: the client's ACK of its FIN arrived, after %u retransmission%s\n", seen,
         seen == 1 ? "" : "s");
  int st = proc_state(client_port);
  printf("client: its side of the connection is %s\n",
         st == TCP_TIME_WAIT ? "in TIME-WAIT" : st < 0 ? "gone" : state_name(st));
  close(server);
  return 0;
}
