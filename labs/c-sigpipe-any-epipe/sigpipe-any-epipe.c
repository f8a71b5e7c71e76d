/* Which failed writes raise SIGPIPE? Every write that fails with EPIPE, whatever the cause,
 * unless the call asks otherwise with MSG_NOSIGNAL. A write that fails with ECONNRESET raises
 * none. Each case runs in a child process with SIGPIPE at its default action (terminate), and
 * the parent reports how the child ended.
 *
 *   own-shutdown  the child calls shutdown(SHUT_WR) and then write(): no RST anywhere
 *   nosignal      the same, but with send(..., MSG_NOSIGNAL)
 *   after-rst     the peer resets a fully open connection; the child writes twice
 *   after-fin     the peer closes (a FIN), the child writes: the peer's kernel answers with an
 *                 RST; the child then reads twice and writes once more
 *
 * Build and run:  cc -Wall -o sigpipe-any-epipe sigpipe-any-epipe.c
 *                 ./sigpipe-any-epipe own-shutdown|nosignal|after-rst|after-fin */
#include <signal.h>
#include <sys/wait.h>
#include "demo.h"

static void try_send(int fd, int flags) {
  ssize_t n = send(fd, "more", 4, flags);
  if (n < 0) printf("child: send() returned -1, errno %s\n", errno_name(errno));
  else printf("child: send() returned %zd\n", n);
  fflush(stdout);
}

int main(int argc, char **argv) {
  const char *how = argc > 1 ? argv[1] : "own-shutdown";
  int conn, peer;
  tcp_pair(&conn, &peer);
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    close(peer); /* the peer side belongs to the parent */
    signal(SIGPIPE, SIG_DFL);
    if (strcmp(how, "after-rst") == 0) {
      pause_ms(100); /* the peer's RST arrives meanwhile */
      try_send(conn, 0);
      try_send(conn, 0);
    } else if (strcmp(how, "after-fin") == 0) {
      pause_ms(100); /* the peer's FIN arrives meanwhile: we are in CLOSE-WAIT */
      try_send(conn, 0); /* accepted; the peer's kernel answers with an RST */
      pause_ms(50);
      report_read("child", conn);
      report_read("child", conn);
      try_send(conn, 0);
    } else {
      shutdown(conn, SHUT_WR);
      try_send(conn, strcmp(how, "nosignal") == 0 ? MSG_NOSIGNAL : 0);
    }
    exit(0);
  }
  close(conn);
  if (strcmp(how, "after-fin") == 0) close(peer); /* a plain close: a FIN */
  if (strcmp(how, "after-rst") == 0) {
    struct linger lg = {.l_onoff = 1, .l_linger = 0};
    setsockopt(peer, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(peer); /* an abortive close: an RST on a fully open connection */
  }
  int status;
  waitpid(child, &status, 0);
  if (WIFSIGNALED(status))
    printf("the child was killed by signal %d (%s)\n", WTERMSIG(status), WTERMSIG(status) == SIGPIPE ? "SIGPIPE" : "?");
  else printf("the child exited normally (status %d)\n", WEXITSTATUS(status));
  return 0;
}
