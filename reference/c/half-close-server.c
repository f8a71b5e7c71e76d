/* Lesson 1's half-close, the server's side. It reads the client's lines until the client's FIN
 * (read() returns 0: the client will send nothing more), and only then answers, on the same
 * connection: its own direction is still open. It works DELAY milliseconds before each reply,
 * then closes the connection, which sends its FIN.
 * The client is echo-client.c: type lines, then "shutdown" (or press Ctrl-D).
 * Build and run:  cc -Wall -o half-close-server half-close-server.c
 *                 ./half-close-server 4321 1000 */
#include "demo.h"

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s PORT DELAY_MS\n", argv[0]);
    return 2;
  }
  int delay_ms = atoi(argv[2]);
  int listener = listen_loopback(atoi(argv[1]), 1, NULL);
  if (listener < 0) die("bind");
  printf("server: listening\n");
  fflush(stdout);
  int conn = accept(listener, NULL, NULL);
  if (conn < 0) die("accept");

  char text[4096];
  size_t used = 0;
  for (;;) {
    ssize_t n = read(conn, text + used, sizeof text - used - 1);
    if (n < 0) die("read");
    if (n == 0) break;
    /* Say each complete line as it comes; answer none yet. */
    for (size_t i = used; i < used + (size_t)n; i++) {
      if (text[i] != '\n') continue;
      size_t start = i;
      while (start > 0 && text[start - 1] != '\n') start--;
      printf("server: received \"%.*s\"\n", (int)(i - start), text + start);
    }
    used += (size_t)n;
    fflush(stdout);
    if (used == sizeof text - 1) break;
  }
  printf("server: read() returned 0: the client sent its FIN; answering now\n");
  fflush(stdout);

  /* The client's direction is closed; ours is not. */
  text[used] = '\0';
  for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
    pause_ms(delay_ms); /* the "work" */
    char reply[4200];
    int size = snprintf(reply, sizeof reply, "Hi, %s\n", line);
    if (write(conn, reply, (size_t)size) < 0) {
      printf("server: write() of \"Hi, %s\" failed: %s\n", line, errno_name(errno));
      return 1;
    }
    printf("server: sent \"Hi, %s\"\n", line);
    fflush(stdout);
  }
  close(conn); /* everything was read: a FIN */
  printf("server: close(): our FIN\n");
  return 0;
}
