/* The experiment's client: sends each line typed on standard input to the server.
 *   close     close(fd): both directions closed
 *   shutdown  shutdown(fd, SHUT_WR): only our sending side closed; keep reading replies
 * The end of standard input (Ctrl-D, or the end of a file piped in) does what "shutdown"
 * does: nothing more to send, but replies may still be on their way.
 * select() waits on standard input and the socket at once.
 * Build and run:  cc -Wall -o echo-client echo-client.c && ./echo-client 4321 */
#include <sys/select.h>
#include "demo.h"

/* One line typed by the user: a command, or a message to send. */
static void handle_line(int sock, const char *line, int *watch_stdin) {
  if (strcmp(line, "shutdown\n") == 0) {
    *watch_stdin = 0;
    if (shutdown(sock, SHUT_WR) < 0) die("shutdown");
    printf("client: shutdown(SHUT_WR): FIN sent, still reading\n");
  } else if (strcmp(line, "close\n") == 0) {
    *watch_stdin = 0;
    if (close(sock) < 0) die("close");
    printf("client: close(): both directions closed\n");
    /* The loop goes on with the closed descriptor still in the set, as the client in the
     * Q&A post did: the next select() fails with EBADF. */
  } else if (write(sock, line, strlen(line)) < 0) {
    printf("client: write() failed: %s\n", errno_name(errno));
  } else {
    printf("client: sent \"%.*s\"\n", (int)strcspn(line, "\n"), line);
  }
  fflush(stdout);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  int sock = connect_loopback(atoi(argv[1]));
  printf("client: connected\n");
  fflush(stdout);

  int watch_stdin = 1;
  char buf[1024];
  char typed[4096];
  size_t typed_len = 0;
  for (;;) {
    fd_set readable;
    FD_ZERO(&readable);
    FD_SET(sock, &readable);
    if (watch_stdin) FD_SET(STDIN_FILENO, &readable);

    if (select(sock + 1, &readable, NULL, NULL, NULL) < 0) {
      /* After close(sock) the descriptor is no longer valid: select() says EBADF. */
      printf("client: select() failed: %s\n", errno_name(errno));
      return 1;
    }

    if (FD_ISSET(sock, &readable)) {
      ssize_t n = read(sock, buf, sizeof buf - 1);
      if (n < 0) {
        printf("client: read() failed: %s\n", errno_name(errno));
        return 1;
      }
      if (n == 0) {
        printf("client: the server closed the connection (read() returned 0)\n");
        return 0;
      }
      buf[n] = '\0';
      printf("client: reply: %s", buf);
      fflush(stdout);
    }

    if (watch_stdin && FD_ISSET(STDIN_FILENO, &readable)) {
      /* read(), not fgets(): stdio would buffer lines where select() cannot see them. */
      ssize_t n = read(STDIN_FILENO, typed + typed_len, sizeof typed - typed_len - 1);
      if (n < 0) {
        printf("client: read() from standard input failed: %s\n", errno_name(errno));
        return 1;
      }
      if (n == 0) {
        /* End of input: nothing more to send. Say so with a FIN, and keep reading: the
         * replies to what we sent may not have arrived yet. */
        watch_stdin = 0;
        if (shutdown(sock, SHUT_WR) < 0) die("shutdown");
        printf("client: end of input: shutdown(SHUT_WR), still reading\n");
        fflush(stdout);
        continue;
      }
      typed_len += (size_t)n;
      char *end;
      while (watch_stdin && (end = memchr(typed, '\n', typed_len)) != NULL) {
        size_t len = (size_t)(end - typed) + 1;
        char line[sizeof typed];
        memcpy(line, typed, len);
        line[len] = '\0';
        memmove(typed, typed + len, typed_len - len);
        typed_len -= len;
        handle_line(sock, line, &watch_stdin);
      }
      /* A line longer than the buffer: send what there is as one message, rather than wait
       * for a newline that no longer fits (a full buffer would read as end of input). */
      if (watch_stdin && typed_len == sizeof typed - 1) {
        typed[typed_len] = '\0';
        typed_len = 0;
        handle_line(sock, typed, &watch_stdin);
      }
    }
  }
}
