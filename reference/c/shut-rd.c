/* What shutdown(SHUT_RD) really does on Linux. The textbook says it discards queued data and
 * silently drops data that arrives later. Linux does neither: nothing is sent to the peer,
 * queued data stays readable, later data is still accepted and read, and read() returns 0
 * only while the queue is empty. Only after SHUT_RD and SHUT_WR does new data draw an RST.
 * Build and run:  cc -Wall -o shut-rd shut-rd.c && ./shut-rd */
#include <signal.h>
#include "demo.h"

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  int conn, peer;
  tcp_pair(&conn, &peer);

  if (write(peer, "before", 6) != 6) die("write");
  wait_queued(conn, 6);
  shutdown(conn, SHUT_RD);
  printf("shutdown(SHUT_RD) with \"before\" queued\n");
  report_read("reader", conn);
  report_read("reader", conn);

  if (write(peer, "after", 5) != 5) die("write");
  wait_queued(conn, 5);
  printf("the peer wrote \"after\" once SHUT_RD was done\n");
  report_read("reader", conn);

  shutdown(conn, SHUT_WR);
  printf("shutdown(SHUT_WR) as well\n");
  wait_readable(peer); /* the FIN has arrived */
  report_read("peer", peer);
  ssize_t n = write(peer, "late", 4);
  printf("peer: write() of \"late\" returned %zd\n", n);
  wait_reset(peer);
  n = write(peer, "later", 5);
  if (n < 0) printf("peer: the next write() returned -1, errno %s\n", errno_name(errno));
  else printf("peer: the next write() returned %zd\n", n);
  return 0;
}
