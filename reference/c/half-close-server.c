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

  /* What the client sent, kept until its FIN: each line is a message, and so is a full buffer
   * with no newline (reading on with size 0 would return 0, which is not the client's FIN). */
  char **messages = NULL;
  size_t count = 0;
  char pending[4096];
  size_t used = 0;
  for (;;) {
    ssize_t n = read(conn, pending + used, sizeof pending - used - 1);
    if (n < 0) die("read");
    used += (size_t)n;
    for (;;) {
      char *newline = memchr(pending, '\n', used);
      size_t len, consumed;
      if (newline) {
        len = (size_t)(newline - pending);
        consumed = len + 1;
      } else if (used == sizeof pending - 1 || (n == 0 && used > 0)) {
        len = consumed = used; /* a full buffer, or a last line without its newline */
      } else {
        break;
      }
      /* Say each message as it comes; answer none yet. */
      char *message = malloc(len + 1);
      messages = realloc(messages, (count + 1) * sizeof *messages);
      if (!message || !messages) die("malloc");
      memcpy(message, pending, len);
      message[len] = '\0';
      messages[count++] = message;
      memmove(pending, pending + consumed, used - consumed);
      used -= consumed;
      printf("server: received \"%s\"\n", message);
    }
    fflush(stdout);
    if (n == 0) break;
  }
  printf("server: read() returned 0: the client sent its FIN; answering now\n");
  fflush(stdout);

  /* The client's direction is closed; ours is not. */
  for (size_t i = 0; i < count; i++) {
    pause_ms(delay_ms); /* the "work" */
    char reply[4200];
    int size = snprintf(reply, sizeof reply, "Hi, %s\n", messages[i]);
    if (write(conn, reply, (size_t)size) < 0) {
      printf("server: write() of \"Hi, %s\" failed: %s\n", messages[i], errno_name(errno));
      return 1;
    }
    printf("server: sent \"Hi, %s\"\n", messages[i]);
    fflush(stdout);
  }
  close(conn); /* everything was read: a FIN */
  printf("server: close(): our FIN\n");
  return 0;
}
