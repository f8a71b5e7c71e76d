/* Restarting a server that closed its connections first. The side that closes first ends in
 * TIME_WAIT, holding the port; a new listener's bind() then fails with EADDRINUSE unless
 * SO_REUSEADDR is set. On Linux it must be set on the old listener too: the TIME_WAIT
 * socket keeps the flag of the listener it came from.
 * Build and run:  cc -Wall -o reuseaddr-restart reuseaddr-restart.c
 *                 ./reuseaddr-restart none|new-only|both */
#include "demo.h"

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "both";
  int old_flag = strcmp(mode, "both") == 0;
  int new_flag = strcmp(mode, "none") != 0;

  int port;
  int listener = listen_loopback(0, old_flag, &port);
  if (listener < 0) die("bind");
  int client = connect_loopback(port);
  int conn = accept(listener, NULL, NULL);

  close(conn); /* the server closes first ... */
  pause_ms(50);
  report_read("client", client);
  close(client); /* ... so the server's side of the connection is now in TIME_WAIT */
  pause_ms(50);
  close(listener); /* the old server is gone */

  int restarted = listen_loopback(port, new_flag, NULL);
  printf("SO_REUSEADDR on the old listener: %s, on the new one: %s\n", old_flag ? "yes" : "no", new_flag ? "yes" : "no");
  if (restarted < 0) printf("restart: bind() failed with %s\n", errno_name(errno));
  else printf("restart: bind() succeeded\n");
  return 0;
}
