// The second holder of the connection, started by server.js with fork().
//
// It receives the socket from the server and keeps it open until the server asks it to
// say goodbye; then it writes one line on the connection and destroys its copy.
'use strict';

let socket = null;

process.on('message', (message, handle) => {
  if (message === 'connection') {
    socket = handle;
    socket.on('error', (err) => process.send(`my copy of the socket failed: ${err.code}`));
    process.send('I hold the connection too');
  } else if (message === 'goodbye' && socket) {
    socket.write('goodbye from the helper\n', (err) => {
      process.send(err ? `my goodbye could not be sent: ${err.code}` : 'goodbye sent');
      socket.destroy();
      process.send('destroy(): my copy is closed');
      process.disconnect();
    });
  }
});
