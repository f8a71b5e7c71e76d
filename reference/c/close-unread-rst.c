/* close() is not always a FIN. Closing a socket whose receive buffer still holds unread
 * data sends an RST: the peer's next read() fails with ECONNRESET. The same happens when the
 * last holder of the socket exits, or is killed, with the data unread: exit() and a kill
 * close every descriptor the way close() does.
 * Build and run:  cc -Wall -o close-unread-rst close-unread-rst.c && ./close-unread-rst */
#include <signal.h>
#include <sys/wait.h>
#include "demo.h"

/* how: "close" (close() in this process), "exit" (a child holding the socket calls exit()),
 * "kill" (a child holding the socket is killed with SIGKILL). */
static void run(int read_first, const char *how) {
  int conn, peer;
  tcp_pair(&conn, &peer);
  if (write(peer, "request", 7) != 7) die("write");
  wait_queued(conn, 7); /* the bytes are now in conn's receive buffer */
  if (read_first) {
    char buf[16];
    if (read(conn, buf, sizeof buf) != 7) die("read");
  }
  if (strcmp(how, "close") == 0) {
    close(conn);
  } else {
    int word[2]; /* a pipe, for the parent to tell the child when to exit */
    if (pipe(word) < 0) die("pipe");
    fflush(stdout); /* so that the child's exit() does not print our buffered lines again */
    pid_t child = fork();
    if (child < 0) die("fork");
    if (child == 0) {
      char c;
      if (read(word[0], &c, 1) != 1) die("read"); /* waits for the word, or to be killed */
      exit(0);
    }
    close(conn); /* first the parent's copy: the child's is now the last reference */
    if (strcmp(how, "kill") == 0) kill(child, SIGKILL);
    else if (write(word[1], "x", 1) != 1) die("write"); /* then the child calls exit() */
    waitpid(child, NULL, 0);
    close(word[0]);
    close(word[1]);
  }
  wait_readable(peer); /* the FIN or the RST has arrived */
  report_read("peer", peer);
  report_read("peer", peer);
  close(peer);
}

int main(void) {
  printf("-- close() after reading everything --\n");
  run(1, "close");
  printf("-- close() with unread data --\n");
  run(0, "close");
  printf("-- exit() with unread data --\n");
  run(0, "exit");
  printf("-- killed by SIGKILL with unread data --\n");
  run(0, "kill");
  printf("-- killed by SIGKILL after reading everything --\n");
  run(1, "kill");
  return 0;
}
