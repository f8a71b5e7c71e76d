import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { LabPage, nodeLab } from '../support/lab-page';
import { lessons } from '../support/lessons';
import { siteAndBrowserForTests } from '../support/site-and-browser';
import { waitForText } from '../support/wait';

const { site, browser } = siteAndBrowserForTests();

async function phone(width: number): Promise<Page> {
  const context = await browser().newContext({
    viewport: { width, height: 780 },
    isMobile: true,
    hasTouch: true,
  });
  return context.newPage();
}

/** How far the page scrolls sideways (0 when it does not). */
const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('the lab on a phone and in a narrow column', () => {
  it('no lesson scrolls sideways at 360 px, with its lab opened and its programs running', async () => {
    const page = await phone(360);
    for (const { route } of lessons) {
      await page.goto(site().url(`/${route}`));
      assert.equal(await sideways(page), 0, `${route} before opening its lab`);
      const open = nodeLab(page).getByRole('button', { name: 'Open the lab' });
      if ((await open.count()) === 0) continue;
      const lab = new LabPage(page);
      await open.click();
      await waitForText(lab.runtimeStatus(), /Running on this computer/, 15_000);
      await page
        .getByRole('button', { name: /^Start / })
        .first()
        .click();
      await page.waitForTimeout(700);
      assert.equal(await sideways(page), 0, `${route} with its lab opened`);
    }
    await page.close();
  });

  it('stacks the panes at 390 px, full width, with touch buttons for Ctrl-C, Ctrl-D and leaving the terminal', async () => {
    const page = await phone(390);
    await page.goto(site().url('/lessons/close-vs-shutdown'));
    const lab = new LabPage(page);
    await lab.open();
    await lab.waitForLocalRuntime();
    const editor = await page.getByTestId('lab-editor').boundingBox();
    const server = await lab.terminal('Server').boundingBox();
    const client = await lab.terminal('Client').boundingBox();
    assert.ok(editor && server && client);
    assert.ok(server.y > editor.y + editor.height, 'the terminals come after the editor');
    assert.ok(client.y > server.y + server.height, 'one terminal above the other');
    assert.ok(Math.abs(client.width - editor.width) < 24, `full width: ${client.width} vs ${editor.width}`);
    for (const name of ['End client input (Ctrl-D)', 'Interrupt client (Ctrl-C)', 'Done typing in client']) {
      assert.equal(await page.getByRole('button', { name }).count(), 1, name);
    }
    // The hint under the client's terminal speaks of those buttons, not of keys a phone lacks.
    const clientPanel = page.getByRole('region', { name: 'Client process' });
    assert.equal(await clientPanel.getByText(/^Tap the terminal and type/).isVisible(), true);
    assert.equal(await clientPanel.getByText(/^Click the terminal \(or Tab to it\)/).isVisible(), false);
    // The editor wraps long lines instead of scrolling sideways.
    const wrapped = await page.evaluate(() => {
      const lines = document.querySelector('.monaco-editor .view-lines') as HTMLElement | null;
      const editor = document.querySelector('[data-testid="lab-editor"]') as HTMLElement | null;
      return lines && editor ? lines.scrollWidth <= editor.clientWidth : false;
    });
    assert.ok(wrapped, 'the code wraps within the editor');

    // The touch buttons work: Ctrl-C stops the client.
    await lab.start('server');
    await waitForText(await lab.output('Server'), /listening on/);
    await lab.start('client');
    await waitForText(await lab.output('Client'), /connected to/);
    await page.getByRole('button', { name: 'Interrupt client (Ctrl-C)' }).click();
    await waitForText(lab.status('Client'), /killed by SIG|stopped/);
    await page.close();
  });

  it('a lesson with a table of contents (lesson 7) stacks its terminals on a desktop instead of squeezing them', async () => {
    const page = await (await browser().newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await page.goto(site().url('/lessons/abortive-close'));
    const lab = new LabPage(page);
    await lab.open();
    await lab.waitForLocalRuntime();
    const server = await lab.terminal('Server').boundingBox();
    const client = await lab.terminal('Client').boundingBox();
    assert.ok(server && client);
    assert.ok(client.y > server.y + server.height, 'one terminal above the other');
    assert.ok(server.width >= 600, `a terminal ${server.width} px wide`);
    // With a mouse and keyboard, the hints speak of keys (the touch hint is for touch screens).
    assert.equal(
      await page
        .getByText(/Tab or Escape leaves the terminal\.$/)
        .first()
        .isVisible(),
      true,
    );
    for (const hint of await page.getByText(/^Tap the terminal and type/).all()) {
      assert.equal(await hint.isVisible(), false);
    }
    await page.close();
  });

  it('opening the lab on a slow connection shows a skeleton as tall as the lab it becomes', async () => {
    const page = await (await browser().newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await page.goto(site().url('/lessons/close-vs-shutdown'));
    // From now on every script arrives 2 s late, as the lab's chunks would on a slow connection.
    await page.route('**/*.js', async (route) => {
      await new Promise((r) => setTimeout(r, 2000));
      await route.continue();
    });
    const region = nodeLab(page);
    const top = async () => (await region.boundingBox())!.y;
    await nodeLab(page).getByRole('button', { name: 'Open the lab' }).click();
    // While it loads: a progress bar, and the places of the status line, editor and terminals.
    await page
      .getByRole('progressbar', { name: /^Loading the/ })
      .first()
      .waitFor({ timeout: 1000 });
    const loading = (await region.boundingBox())!.height;
    const lab = new LabPage(page);
    await lab.waitForLocalRuntime();
    await page.getByTestId('lab-editor').locator('.view-lines').waitFor();
    // Loaded: the same parts, down to the bottom of the terminals' panels, take the same room.
    const panels = page.getByRole('region', { name: /process$/ });
    let bottom = 0;
    for (const panel of await panels.all()) {
      const box = (await panel.boundingBox())!;
      bottom = Math.max(bottom, box.y + box.height);
    }
    const loaded = bottom - (await top());
    assert.ok(Math.abs(loaded - loading) < 80, `while loading ${loading} px, loaded ${loaded} px`);
    await page.close();
  });

  it('the wheel over the editor scrolls the page, and the code once the editor has focus', async () => {
    const page = await (await browser().newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await page.goto(site().url('/lessons/close-vs-shutdown'));
    const lab = new LabPage(page);
    await lab.open();
    await lab.waitForLocalRuntime();
    const editor = page.getByTestId('lab-editor');
    await editor.locator('.view-lines').waitFor();
    await editor.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    const box = (await editor.boundingBox())!;
    const scrollY = () => page.evaluate(() => window.scrollY);
    /** Where the editor's own scrollbar thumb is (Monaco scrolls virtually, not by scrollTop). */
    const codeTop = () =>
      page.evaluate(() =>
        parseFloat(
          (document.querySelector('.monaco-editor .scrollbar.vertical .slider') as HTMLElement | null)?.style.top ??
            '0',
        ),
      );

    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const before = await scrollY();
    await page.mouse.wheel(0, 300);
    await page.waitForTimeout(300);
    assert.ok((await scrollY()) > before + 100, 'the page scrolled');

    await editor.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    const now = (await editor.boundingBox())!;
    await page.mouse.click(now.x + now.width / 2, now.y + 40);
    const pageBefore = await scrollY();
    await page.mouse.wheel(0, 200);
    await page.waitForTimeout(300);
    assert.equal(await scrollY(), pageBefore, 'the page stayed');
    assert.ok((await codeTop()) > 0, 'the code scrolled');
    await page.close();
  });

  it('the warm-up lab (no sockets) says why it has no timeline or reference instead of showing empty ones', async () => {
    const page = await (await browser().newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await page.goto(site().url('/lessons/how-this-course-works'));
    await nodeLab(page).getByRole('button', { name: 'Open the lab' }).click();
    await waitForText(page.getByText(/This program opens no sockets/), /next lessons/, 15_000);
    assert.equal(await page.getByRole('region', { name: 'Socket events' }).count(), 0);
    assert.equal(await page.getByRole('region', { name: 'Real Linux reference' }).count(), 0);
    await page.close();
  });
});
