/* The experiment's server: for each line it reads, it "works" for DELAY milliseconds and
 * then writes "Hi, <line>". It serves one client, and exits when that client's stream ends.
 * SIGPIPE_MODE chooses what happens when a write fails with EPIPE (here: the connection was
 * reset after the client's FIN):
 *   default  SIGPIPE's default action: the process is killed
 *   ignore   signal(SIGPIPE, SIG_IGN): write() returns -1 with EPIPE
 *   handler  a handler of our own runs, then write() returns -1 with EPIPE
 * Build and run:  cc -Wall -o delayed-echo-server delayed-echo-server.c
 *                 ./delayed-echo-server 4321 5000 default */
#include <signal.h>
#include "demo.h"

static void on_sigpipe(int sig) {
  (void)sig;
  static const char msg[] = "server: SIGPIPE handler ran\n";
  /* printf is not safe in a handler, and neither is die(): if stdout is gone, just end */
  if (write(STDOUT_FILENO, msg, sizeof msg - 1) < 0) _exit(2);
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s PORT DELAY_MS default|ignore|handler\n", argv[0]);
    return 2;
  }
  int delay_ms = atoi(argv[2]);
  const char *mode = argv[3];
  if (strcmp(mode, "ignore") == 0) {
    signal(SIGPIPE, SIG_IGN);
  } else if (strcmp(mode, "handler") == 0) {
    struct sigaction sa = {.sa_handler = on_sigpipe};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGPIPE, &sa, NULL);
  } else {
    signal(SIGPIPE, SIG_DFL); /* the default: SIGPIPE terminates the process */
  }

  int listener = listen_loopback(atoi(argv[1]), 1, NULL);
  if (listener < 0) die("bind");
  printf("server: listening\n");
  fflush(stdout);
  int conn = accept(listener, NULL, NULL);
  if (conn < 0) die("accept");

  char pending[4096];
  size_t used = 0;
  for (;;) {
    ssize_t n = read(conn, pending + used, sizeof pending - used - 1);
    if (n < 0) die("read");
    if (n == 0) {
      printf("server: read() returned 0: the client sent its FIN\n");
      fflush(stdout);
      /* exit() closes every descriptor, so the kernel sends our FIN: no close() needed (an RST
       * instead, had anything been left unread). */
      exit(0);
    }
    used += (size_t)n;
    /* TCP keeps no message boundaries: handle each complete line, keep the rest. A full buffer
     * with no newline is a message of its own (reading on with size 0 would return 0, which is not
     * the client's FIN). */
    for (;;) {
      char *line = memchr(pending, '\n', used);
      size_t len, consumed;
      if (line) {
        len = (size_t)(line - pending);
        consumed = len + 1;
      } else if (used == sizeof pending - 1) {
        len = consumed = used;
      } else {
        break;
      }
      char message[4096], reply[4200];
      memcpy(message, pending, len);
      message[len] = '\0';
      memmove(pending, pending + consumed, used - consumed);
      used -= consumed;
      printf("server: received \"%s\"\n", message);
      fflush(stdout);

      pause_ms(delay_ms); /* the "work" */
      int size = snprintf(reply, sizeof reply, "Hi, %s\n", message);
      if (write(conn, reply, (size_t)size) < 0) {
        printf("server: write() of \"Hi, %s\" failed: %s\n", message, errno_name(errno));
        return 1;
      }
      printf("server: sent \"Hi, %s\"\n", message);
      fflush(stdout);
    }
  }
}
