// The second holder of the connection, started by server.js with fork().
//
// It receives the socket from the server and keeps it open until the server asks it to
// say goodbye; then it writes one line on the connection and destroys its copy.
// Its socket is half-open capable, like the server's: when the client's FIN arrives, Node
// must not end and destroy our copy by itself (allowHalfOpen: false would), or the lab
// would show Node's doing instead of the kernel's.
'use strict';

let socket = null;

process.on('message', (message, handle) => {
  if (message === 'connection') {
    socket = handle;
    socket.allowHalfOpen = true;
    socket.on('end', () => process.send("the client's FIN arrived; my copy stays open"));
    socket.on('error', (err) =>
      process.send(`my copy of the socket failed: ${err.code} (system call: ${err.syscall || 'none'})`),
    );
    process.send('I hold the connection too');
  } else if (message === 'goodbye' && socket) {
    socket.write('goodbye from the helper\n', (err) => {
      process.send(
        err ? `my goodbye could not be sent: ${err.code} (system call: ${err.syscall || 'none'})` : 'goodbye sent',
      );
      socket.destroy();
      process.send('destroy(): my copy is closed');
      process.disconnect();
    });
  }
});
