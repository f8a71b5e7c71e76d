/* An abortive close: SO_LINGER {on, 0 s} and then close() sends an RST instead of a FIN,
 * discards anything unsent, and leaves no TIME_WAIT behind. What the peer sees depends on
 * whether it reads or writes next.
 * Build and run:  cc -Wall -o linger-zero linger-zero.c && ./linger-zero */
#include <signal.h>
#include "demo.h"

static void abort_close(int fd) {
  struct linger lg = {.l_onoff = 1, .l_linger = 0};
  if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) < 0) die("setsockopt SO_LINGER");
  close(fd);
}

static void report_write(const char *who, int fd) {
  ssize_t n = write(fd, "more", 4);
  if (n < 0) printf("%s: write() returned -1, errno %s\n", who, errno_name(errno));
  else printf("%s: write() returned %zd\n", who, n);
  fflush(stdout);
}

int main(void) {
  signal(SIGPIPE, SIG_IGN); /* so that a write into the reset connection shows its errno */
  int conn, peer;

  printf("-- the peer reads --\n");
  tcp_pair(&conn, &peer);
  abort_close(conn);
  wait_reset(peer);
  report_read("peer", peer);
  report_read("peer", peer);
  close(peer);

  printf("-- the peer writes --\n");
  tcp_pair(&conn, &peer);
  abort_close(conn);
  wait_reset(peer);
  report_write("peer", peer);
  report_write("peer", peer);
  close(peer);
  return 0;
}
