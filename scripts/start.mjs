// npm start: the local runner and the Docusaurus dev server together, both on loopback.
// Ctrl-C stops both; if either stops, the other is stopped too.
import concurrently from 'concurrently';

const { result } = concurrently(
  [
    { name: 'runner', command: 'tsx runner/main.ts', prefixColor: 'cyan' },
    { name: 'site', command: 'docusaurus start --host localhost --port 3000 --no-open', prefixColor: 'magenta' },
  ],
  { prefix: 'name', killOthersOn: ['failure', 'success'] },
);

result.then(
  () => process.exit(0),
  () => process.exit(1),
);
