import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openLabAt, type LabPage } from '../support/lab-page';
import { siteAndBrowserForTests } from '../support/site-and-browser';
import { waitForText } from '../support/wait';

// Issue 19: a lab program's output must not freeze the page. xterm carries out some control
// sequences once per counted step on the page's main thread, and reads counts up to 2^31 - 1.

const { site, browser } = siteAndBrowserForTests();

const LARGEST = 2 ** 31 - 1;
const CSI = '\x1b[';
/** Every CSI sequence xterm carries out with a count (ECMA-48 and DEC names in clamp-counts.ts). */
const COUNTED = ['@', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'I', 'L', 'M', 'P', 'S', 'T', 'X', 'Z', '`', 'a', 'd', 'e'];
const WITH_SPACE = [' @', ' A', "'}", "'~"];
const MARKER = 'after the hostile output';

/** Makes the lab's server print `output` first (a statement before its first line), then runs it. */
async function serverPrints(lab: LabPage, output: string): Promise<void> {
  const statement = `process.stdout.write(${JSON.stringify(output)}); console.log(${JSON.stringify(MARKER)});`;
  await lab.tab('server.js').click();
  await lab.page.locator('.monaco-editor .view-lines').first().click();
  await lab.page.keyboard.press('Control+Home');
  // In front of the line's comment, where the editor adds no closing brackets or quotes itself.
  await lab.page.keyboard.insertText(`${statement} `);
  await waitForText(lab.visibleCode(), new RegExp(MARKER));
  await lab.start('server');
}

/** The terminal shows what the program printed after the hostile part, and the page still answers. */
async function stillAnswers(lab: LabPage): Promise<void> {
  // Generous: with the page answering, this takes a moment; frozen, it takes minutes.
  const screen = await waitForText(lab.screen('Server'), new RegExp(`${MARKER}[\\s\\S]*server: listening on`), 60_000);
  assert.match(screen, new RegExp(MARKER));
  assert.equal(await lab.page.evaluate(() => 6 * 7), 42);
  await lab.page.getByRole('button', { name: 'Top of server output' }).click();
  await lab.page.getByRole('button', { name: 'Stop server', exact: true }).click();
  await waitForText(lab.status('Server'), /killed by SIGTERM/, 15_000);
}

describe('a lab program that prints control sequences with huge counts (issue 19)', () => {
  it('ESC [ 99999999 L (eleven bytes) leaves the page answering and the terminal showing what follows', async () => {
    const lab = await openLabAt(browser(), site().url('/lessons/close-vs-shutdown'));
    await serverPrints(lab, `${CSI}99999999L`);
    await stillAnswers(lab);
    await lab.page.close();
  });

  it('so does every sequence that takes a count, each at the largest count xterm reads', async () => {
    const lab = await openLabAt(browser(), site().url('/lessons/close-vs-shutdown'));
    const output = [
      `x${CSI}${LARGEST}b`, // REP: repeat the "x"
      ...COUNTED.map((final) => `${CSI}${LARGEST}${final}`),
      ...WITH_SPACE.map((final) => `${CSI}${LARGEST}${final}`),
      `${CSI}99999999S${CSI}99999999T${CSI}99999999M`,
      '\r\n',
    ].join('');
    await serverPrints(lab, output);
    await stillAnswers(lab);
    await lab.page.close();
  });
});
