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
  write(peer, "request", 7);
  pause_ms(50); /* the bytes are now in conn's receive buffer */
  if (read_first) {
    char buf[16];
    read(conn, buf, sizeof buf);
  }
  if (strcmp(how, "close") == 0) {
    close(conn);
  } else {
    fflush(stdout); /* so that the child's exit() does not print our buffered lines again */
    pid_t child = fork();
    if (child == 0) {
      if (strcmp(how, "exit") == 0) exit(0);
      pause(); /* wait to be killed */
    }
    close(conn); /* the child now holds the last reference */
    if (strcmp(how, "kill") == 0) kill(child, SIGKILL);
    waitpid(child, NULL, 0);
  }
  pause_ms(50);
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
