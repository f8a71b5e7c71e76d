/* SO_LINGER with a positive timeout, on Linux. The socket has a few megabytes queued that
 * the peer is not reading; SO_LINGER {1, 1 s}; then close(). How long does close() block,
 * what does it return, and is the queued data lost?
 * Build and run:  cc -Wall -o linger-timeout linger-timeout.c && ./linger-timeout */
#include <fcntl.h>
#include <time.h>
#include "demo.h"

static long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int main(void) {
  int conn, peer;
  tcp_pair(&conn, &peer);

  static char chunk[65536];
  memset(chunk, 'x', sizeof chunk);
  fcntl(conn, F_SETFL, O_NONBLOCK);
  size_t queued = 0;
  ssize_t n;
  while ((n = write(conn, chunk, sizeof chunk)) > 0) queued += (size_t)n;
  fcntl(conn, F_SETFL, 0);

  struct linger lg = {.l_onoff = 1, .l_linger = 1};
  if (setsockopt(conn, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) < 0) die("setsockopt SO_LINGER");
  long before = now_ms();
  int rc = close(conn);
  long took = now_ms() - before;
  if (rc == 0) printf("close() returned 0 after %ld ms, with %zu bytes queued and the peer not reading\n", took, queued);
  else printf("close() returned -1, errno %s, after %ld ms\n", errno_name(errno), took);

  static char buf[65536];
  size_t received = 0;
  while ((n = read(peer, buf, sizeof buf)) > 0) received += (size_t)n;
  if (n == 0) printf("peer: received %zu of %zu bytes, then end of file\n", received, queued);
  else printf("peer: received %zu of %zu bytes, then read() failed: %s\n", received, queued, errno_name(errno));
  return 0;
}
