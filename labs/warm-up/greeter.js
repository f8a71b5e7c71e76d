// Warm-up: a program that reads lines from standard input and answers each one.
// Type a name and press Enter; type "bye" to let it finish.
//
// Run it:  node greeter.js
'use strict';

const readline = require('node:readline');

console.log('greeter: what is your name? (type "bye" to stop)');

const input = readline.createInterface({ input: process.stdin });

input.on('line', (line) => {
  const name = line.trim();
  if (name === 'bye') {
    console.log('greeter: bye!');
    input.close();
    // Closing readline only pauses standard input; an open pipe would still keep Node
    // waiting. Destroying the stream lets the event loop run out, and Node exits.
    process.stdin.destroy();
  } else if (name) {
    console.log(`greeter: hello, ${name}!`);
  }
});

input.on('close', () => {
  // "bye", or Ctrl-D (the end of standard input).
  console.log('greeter: end of input, exiting');
});
