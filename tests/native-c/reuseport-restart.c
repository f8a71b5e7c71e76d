/* G-9: a server restarts on its port while its old connection is in TIME-WAIT or still
 * ESTABLISHED. SO_REUSEPORT on both the old and the new listener lets the new one bind, as
 * SO_REUSEADDR on both does; on the new listener alone it does not. */
#include "facts.h"

/* A listener on 127.0.0.1:port (0: any), with SO_REUSEPORT if asked; -1 and errno if bind()
 * fails. */
static int listener_on(int port, int reuseport, int *port_out) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) die("socket");
  int on = 1;
  if (reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) < 0) die("setsockopt SO_REUSEPORT");
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
  }
  if (listen(fd, 8) < 0) die("listen");
  if (port_out) *port_out = local_port(fd);
  return fd;
}

static void restart(const char *old_state, int old_reuseport, int new_reuseport) {
  int port;
  int old = listener_on(0, old_reuseport, &port);
  if (old < 0) die("bind");
  int client = connect_loopback(port);
  int conn = accept(old, NULL, NULL);
  if (conn < 0) die("accept");
  int client_port = local_port(client);
  if (strcmp(old_state, "time-wait") == 0) {
    if (close(conn) < 0) die("close"); /* the server closes first: its side ends in TIME-WAIT */
    char c;
    if (read(client, &c, 1) != 0) die("read");
    if (close(client) < 0) die("close");
    WAIT_UNTIL(proc_state(port, client_port, NULL) == ST_TIME_WAIT, 5000);
  }
  int st = proc_state(port, client_port, NULL);
  if (close(old) < 0) die("close");
  int fresh = listener_on(port, new_reuseport, NULL);
  printf("old connection %s, SO_REUSEPORT on %s: bind() %s\n", state_name(st),
         old_reuseport ? "both listeners" : new_reuseport ? "the new listener only" : "neither listener",
         fresh >= 0 ? "succeeded" : errno == EADDRINUSE ? "failed with EADDRINUSE" : strerror(errno));
  if (fresh >= 0) close(fresh);
  if (strcmp(old_state, "time-wait") != 0) {
    close(conn);
    close(client);
  }
}

int main(void) {
  const char *states[] = {"time-wait", "established"};
  for (int i = 0; i < 2; i++) {
    restart(states[i], 0, 0);
    restart(states[i], 0, 1);
    restart(states[i], 1, 1);
  }
  return 0;
}
