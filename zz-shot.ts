import { serveStaticSite } from './preview/static-server';
import { launchChromium } from './tests/support/chromium';
import { freePort } from './tests/support/lab-harness';
import { waitForText } from './tests/support/wait';
async function main() {
  const site = await serveStaticSite({ dir: '.bench/site-run', port: await freePort() });
  const browser = await launchChromium();
  for (const [w, h] of [[1366, 900], [390, 844]] as const) {
    const page = await (await browser.newContext({ viewport: { width: w, height: h }, hasTouch: w < 500, isMobile: w < 500 })).newPage();
    await page.goto(`${site.url}/lessons/close-vs-shutdown`);
    const lab = page.getByRole('region', { name: /^Lab: C: close vs shutdown/ });
    await lab.scrollIntoViewIfNeeded();
    await lab.getByRole('button', { name: 'Open the lab' }).click();
    await waitForText(lab.getByRole('status', { name: 'Runtime' }), /^Running Linux 6\.1/, 60_000);
    const ready = (n: string) => lab.getByRole('button', { name: n, exact: true }).and(page.locator(':not([aria-disabled="true"])'));
    const scr = (t: string) => lab.getByRole('group', { name: `${t} terminal`, exact: true }).locator('.xterm-rows');
    await ready('Start server').click();
    await waitForText(scr('Server'), /listening/, 60_000);
    await ready('Start client').click();
    await waitForText(scr('Client'), /connected/, 60_000);
    await lab.getByRole('textbox', { name: 'Client terminal input' }).focus();
    for (const l of ['data1', 'data2', 'close']) { await page.keyboard.type(l); await page.keyboard.press('Enter'); }
    await waitForText(lab.getByRole('status', { name: 'Server status', exact: true }), /killed by SIGPIPE/, 30_000);
    await new Promise((r) => setTimeout(r, 2000));
    await page.screenshot({ path: `/tmp/shots/c-${w}-terminals.png` });
    const kv = lab.getByRole('region', { name: 'What the kernel shows' });
    await kv.scrollIntoViewIfNeeded();
    await kv.screenshot({ path: `/tmp/shots/c-${w}-kernel.png` });
    console.log(w, (await kv.innerText()).slice(0, 3000));
  }
  await browser.close(); await site.close();
}
void main();
