/* close() only drops one reference. After fork(), parent and child both hold the connected
 * socket; the parent's close() sends nothing, and the FIN goes out when the last holder
 * closes it or exits. shutdown(SHUT_WR) sends the FIN at once, whoever holds the socket.
 * Build and run:  cc -Wall -o fork-refcount fork-refcount.c && ./fork-refcount */
#include <poll.h>
#include <sys/wait.h>
#include "demo.h"

/* Whether the peer sees end of file within ms milliseconds. */
static void peer_sees(int peer, int ms, const char *after) {
  struct pollfd p = {.fd = peer, .events = POLLIN};
  if (poll(&p, 1, ms) == 0) {
    printf("after %s: the peer sees nothing yet\n", after);
  } else {
    char c;
    ssize_t n = read(peer, &c, 1);
    printf("after %s: the peer's read() returns %zd%s\n", after, n, n == 0 ? " (FIN: end of file)" : "");
  }
  fflush(stdout);
}

static void run(int use_shutdown) {
  int conn, peer, go[2];
  tcp_pair(&conn, &peer);
  if (pipe(go) != 0) exit(1);
  pid_t child = fork();
  if (child == 0) { /* the child keeps its copy of conn until the parent has looked, then exits */
    char c;
    close(peer);
    close(go[1]);
    if (read(go[0], &c, 1) < 0) _exit(1);
    _exit(0);
  }
  close(go[0]);
  if (use_shutdown) {
    shutdown(conn, SHUT_WR);
    peer_sees(peer, 200, "the parent's shutdown(SHUT_WR) (the child still holds the socket)");
  } else {
    close(conn);
    peer_sees(peer, 200, "the parent's close() (the child still holds the socket)");
  }
  close(go[1]); /* the child may exit now */
  waitpid(child, NULL, 0);
  if (!use_shutdown) peer_sees(peer, 1000, "the child exits without calling close()");
  if (use_shutdown) close(conn);
  close(peer);
}

int main(void) {
  printf("-- close() in the parent --\n");
  run(0);
  printf("-- shutdown(SHUT_WR) in the parent --\n");
  run(1);
  return 0;
}
