/* Restarting a server while its port is still in use by connections of the old one.
 *
 * time-wait:   the old server closed its connection first, so the connection sits in
 *              TIME_WAIT on the server's port; then the old listener is closed.
 * established: the old listener is closed while a connection it accepted is still open
 *              (think of a forking server's child still serving a client).
 *
 * A new listener's bind() to the same port fails with EADDRINUSE unless SO_REUSEADDR is set.
 * On Linux it must be set on the old listener too: the old connection keeps the flag of the
 * listener it came from, and the bind succeeds only if both have it.
 * Build and run:  cc -Wall -o reuseaddr-restart reuseaddr-restart.c
 *                 ./reuseaddr-restart none|new-only|old-only|both [time-wait|established] */
#include "demo.h"

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "both";
  const char *old_conn = argc > 2 ? argv[2] : "time-wait";
  int old_flag = strcmp(mode, "both") == 0 || strcmp(mode, "old-only") == 0;
  int new_flag = strcmp(mode, "both") == 0 || strcmp(mode, "new-only") == 0;

  int port;
  int listener = listen_loopback(0, old_flag, &port);
  if (listener < 0) die("bind");
  int client = connect_loopback(port);
  int conn = accept(listener, NULL, NULL);

  if (strcmp(old_conn, "time-wait") == 0) {
    close(conn); /* the server closes first ... */
    pause_ms(50);
    report_read("client", client);
    close(client); /* ... so the server's side of the connection is now in TIME_WAIT */
    pause_ms(50);
  } /* else: conn stays open, ESTABLISHED */
  close(listener); /* the old server's listener is gone */

  int restarted = listen_loopback(port, new_flag, NULL);
  printf("SO_REUSEADDR on the old listener: %s, on the new one: %s; old connection %s\n", old_flag ? "yes" : "no",
         new_flag ? "yes" : "no", strcmp(old_conn, "time-wait") == 0 ? "in TIME_WAIT" : "still ESTABLISHED");
  if (restarted < 0) printf("restart: bind() failed with %s\n", errno_name(errno));
  else printf("restart: bind() succeeded\n");
  return 0;
}
