/* T-5: hand-over with SO_REUSEPORT. The old version of a server listens; connections arrive
 * and wait in its accept queue; the new version starts a listener on the same port, and more
 * connections arrive, spread by the kernel over both queues. Then the old version closes its
 * listener without accepting. The connections still queued on it are reset (unless the
 * net.ipv4.tcp_migrate_req sysctl, Linux 5.14 and later, moves them to the other listener). */
#include "facts.h"

enum { BEFORE = 5, AFTER = 10, ALL = BEFORE + AFTER };

static int reuseport_listener(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) die("socket");
  int on = 1;
  if (setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) < 0) die("setsockopt SO_REUSEPORT");
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) die("bind");
  if (listen(fd, 64) < 0) die("listen");
  return fd;
}

/* How many connections wait in a listener's accept queue (TCP_INFO's tcpi_unacked on a listener). */
static unsigned queued_on(int listener) { return info_of(listener).tcpi_unacked; }

int main(void) {
  FILE *f = fopen("/proc/sys/net/ipv4/tcp_migrate_req", "r");
  int migrate = 0;
  if (f) {
    if (fscanf(f, "%d", &migrate) != 1) migrate = 0;
    fclose(f);
  }
  printf("net.ipv4.tcp_migrate_req = %d\n", migrate);

  int old = reuseport_listener(0);
  int port = local_port(old), clients[ALL];
  for (int i = 0; i < BEFORE; i++) clients[i] = connect_loopback(port);
  int fresh = reuseport_listener(port);
  for (int i = BEFORE; i < ALL; i++) clients[i] = connect_loopback(port);
  WAIT_UNTIL(queued_on(old) + queued_on(fresh) == ALL, 5000);
  unsigned on_old = queued_on(old), on_new = queued_on(fresh);
  printf("%d connections: %u queued on the old listener, %u on the new one\n", ALL, on_old, on_new);

  if (close(old) < 0) die("close");
  /* Who is left: the new listener's queue, taken whole; every other client should be reset. */
  if (fcntl(fresh, F_SETFL, O_NONBLOCK) < 0) die("fcntl");
  int taken[ALL] = {0}, accepted = 0, reset = 0, conn;
  while ((conn = accept(fresh, NULL, NULL)) >= 0) {
    struct sockaddr_in them;
    socklen_t len = sizeof them;
    if (getpeername(conn, (struct sockaddr *)&them, &len) < 0) die("getpeername");
    for (int i = 0; i < ALL; i++)
      if (local_port(clients[i]) == ntohs(them.sin_port)) taken[i] = 1;
    accepted++;
    close(conn);
  }
  for (int i = 0; i < ALL; i++) {
    if (taken[i]) continue;
    WAIT_UNTIL(state_of(clients[i]) == ST_CLOSE, 5000);
    if (state_of(clients[i]) == ST_CLOSE) reset++;
  }
  printf("after close() of the old listener: %d reset, %d accepted by the new one, %d neither\n", reset, accepted,
         ALL - reset - accepted);
  return 0;
}
