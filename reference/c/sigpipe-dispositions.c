/* SIGPIPE's three dispositions, on the experiment's failing write. The peer closes its socket
 * (a FIN); our first write still succeeds, and the peer's kernel answers it with an RST; our
 * second write meets the reset connection: it fails with EPIPE and raises SIGPIPE.
 *   default  SIG_DFL, the default action: the process is killed by SIGPIPE
 *   ignore   signal(SIGPIPE, SIG_IGN): write() returns -1 with EPIPE
 *   handler  sigaction() with a function of ours: it runs, then write() returns -1 with EPIPE
 * Build and run:  cc -Wall -o sigpipe-dispositions sigpipe-dispositions.c
 *                 ./sigpipe-dispositions default|ignore|handler */
#include <signal.h>
#include "demo.h"

static void on_sigpipe(int sig) {
  (void)sig;
  static const char msg[] = "SIGPIPE handler ran\n";
  /* printf is not safe in a handler, and neither is die(): if stdout is gone, just end */
  if (write(STDOUT_FILENO, msg, sizeof msg - 1) < 0) _exit(2);
}

static void try_write(int fd, const char *text) {
  ssize_t n = write(fd, text, strlen(text));
  if (n < 0) printf("write() of \"%s\" returned -1, errno %s\n", text, errno_name(errno));
  else printf("write() of \"%s\" returned %zd\n", text, n);
  fflush(stdout);
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "default";
  if (strcmp(mode, "default") == 0) {
    signal(SIGPIPE, SIG_DFL);
  } else if (strcmp(mode, "ignore") == 0) {
    signal(SIGPIPE, SIG_IGN);
  } else if (strcmp(mode, "handler") == 0) {
    struct sigaction sa = {.sa_handler = on_sigpipe};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGPIPE, &sa, NULL);
  } else {
    fprintf(stderr, "usage: %s default|ignore|handler\n", argv[0]);
    return 2;
  }
  printf("SIGPIPE: %s\n", mode);

  int conn, peer;
  tcp_pair(&conn, &peer);
  close(peer); /* the peer's FIN */
  printf("the peer called close()\n");
  pause_ms(100);
  try_write(conn, "one"); /* accepted; the peer's kernel answers with an RST */
  pause_ms(100);
  try_write(conn, "two"); /* the connection is reset: EPIPE, and SIGPIPE */
  printf("still running after the failed write\n");
  return 0;
}
