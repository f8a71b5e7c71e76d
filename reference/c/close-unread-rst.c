/* close() is not always a FIN. Closing a socket whose receive buffer still holds unread
 * data sends an RST: the peer's next read() fails with ECONNRESET.
 * Build and run:  cc -Wall -o close-unread-rst close-unread-rst.c && ./close-unread-rst */
#include "demo.h"

static void run(int read_first) {
  int conn, peer;
  tcp_pair(&conn, &peer);
  write(peer, "request", 7);
  pause_ms(50); /* the bytes are now in conn's receive buffer */
  if (read_first) {
    char buf[16];
    read(conn, buf, sizeof buf);
  }
  close(conn);
  pause_ms(50);
  report_read("peer", peer);
  report_read("peer", peer);
  close(peer);
}

int main(void) {
  printf("-- close() after reading everything --\n");
  run(1);
  printf("-- close() with unread data --\n");
  run(0);
  return 0;
}
