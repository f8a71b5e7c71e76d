/* G-8: a descriptor number used after close() gets EBADF only while the number is free. The
 * next socket() takes the lowest free number, and the stale call then goes, without any
 * error, to that other connection. */
#include "facts.h"

int main(void) {
  int port;
  int listener = listen_loopback(0, 1, &port);
  if (listener < 0) die("bind");
  int client1 = connect_loopback(port);
  int server1 = accept(listener, NULL, NULL);
  if (server1 < 0) die("accept");
  int stale = server1;
  if (close(server1) < 0) die("close");
  printf("connection 1: close() of our descriptor, number %d\n", stale);
  char c;
  ssize_t n = read(stale, &c, 1);
  printf("read() on number %d: %zd, errno %s\n", stale, n, n < 0 ? errno_name(errno) : "none");

  int client2 = connect_loopback(port); /* a new connection, opened later */
  int server2 = accept(listener, NULL, NULL);
  if (server2 < 0) die("accept");
  printf("connection 2: socket() gave number %d\n", client2);
  n = write(stale, "oops", 4); /* meant for connection 1 */
  printf("write() of \"oops\" on number %d, meant for connection 1: %zd\n", stale, n);
  fflush(stdout);
  report_read("connection 2's other end", server2);
  report_read("connection 1's other end", client1);
  return 0;
}
