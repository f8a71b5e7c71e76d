import type { Browser, Locator, Page } from 'playwright-core';
import { waitForText } from './wait';

/** The button, once it can act (a lab's buttons stay focusable while they cannot: aria-disabled). */
export const ready = (button: Locator): Locator => button.and(button.page().locator(':not([aria-disabled="true"])'));

/** A terminal's text as the lab keeps it (xterm draws nothing while it is off screen, on a phone). */
export async function outputOf(lab: Locator, title: string): Promise<Locator> {
  const log = lab.getByRole('log', { name: `${title} output`, exact: true });
  if (!(await log.isVisible())) await lab.getByText(`${title} output as text`, { exact: true }).click();
  return log;
}

/** The page's first Node lab (a C lab's title starts with "C: "). */
export const nodeLab = (page: Page): Locator => page.getByRole('region', { name: /^Lab: (?!C: )/ }).first();

/** The lab as a learner uses it, found by role and accessible name. */
export class LabPage {
  constructor(readonly page: Page) {}

  runtimeStatus(): Locator {
    return this.page.getByRole('status', { name: 'Runtime' });
  }

  async open(): Promise<void> {
    await nodeLab(this.page).getByRole('button', { name: 'Open the lab' }).click();
  }

  async waitForLocalRuntime(): Promise<void> {
    await waitForText(this.runtimeStatus(), /Running on this computer/, 15_000);
    await ready(this.page.getByRole('button', { name: 'Start server', exact: true })).waitFor();
  }

  tab(file: string): Locator {
    return this.page.getByRole('tab', { name: new RegExp(`^${file.replace('.', '\\.')}`) });
  }

  /** Replaces line `line` (1-based) of the open file by typing, as a learner would. */
  async replaceLine(file: string, line: number, text: string): Promise<void> {
    await this.tab(file).click();
    const editor = this.page
      .getByRole('textbox', { name: `${file} editor` })
      .or(this.page.getByRole('code'))
      .first();
    await this.page.locator('.monaco-editor .view-lines').first().click();
    await editor.focus().catch(() => {});
    await this.page.keyboard.press('Control+Home');
    for (let i = 1; i < line; i++) await this.page.keyboard.press('ArrowDown');
    await this.page.keyboard.press('Home');
    await this.page.keyboard.press('Shift+End');
    await this.page.keyboard.type(text);
  }

  visibleCode(): Locator {
    return this.page.locator('.monaco-editor .view-lines').first();
  }

  async start(process: 'server' | 'client'): Promise<void> {
    await this.page.getByRole('button', { name: `Start ${process}`, exact: true }).click();
  }

  status(title: 'Server' | 'Client'): Locator {
    return this.page.getByRole('status', { name: `${title} status`, exact: true });
  }

  /** Types lines into a process's terminal, pressing Enter after each. */
  async typeInto(title: 'Client', lines: readonly string[]): Promise<void> {
    await this.page.getByRole('textbox', { name: `${title} terminal input` }).focus();
    for (const line of lines) {
      await this.page.keyboard.type(line);
      await this.page.keyboard.press('Enter');
    }
  }

  /** The accessible name of the focused element (its aria-label, else its text). */
  async focusedName(): Promise<string> {
    return this.page.evaluate(() => {
      const element = document.activeElement;
      if (!element || element === document.body) return '';
      return (element.getAttribute('aria-label') ?? (element as HTMLElement).innerText ?? '').trim();
    });
  }

  /**
   * Presses Tab (or Shift-Tab) until the focused element's name is `name`, as a keyboard user
   * would; fails after `limit` presses. Returns the names passed on the way.
   */
  async tabTo(name: string, options: { back?: boolean; limit?: number } = {}): Promise<string[]> {
    const passed: string[] = [];
    for (let i = 0; i < (options.limit ?? 60); i++) {
      await this.page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
      const now = await this.focusedName();
      if (now === name) return passed;
      passed.push(now);
    }
    throw new Error(`Tab never reached "${name}"; it passed: ${passed.join(' | ')}`);
  }

  /** The socket-event timeline. */
  timeline(): Locator {
    return this.page.getByRole('log', { name: 'Socket events, oldest first' });
  }

  /** One check, whose accessible name ends in "Met." or "Not yet.". */
  check(text: string): Locator {
    return this.page
      .getByRole('region', { name: 'Checks' })
      .getByRole('listitem', { name: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
  }

  /** The terminal itself, found by its accessible name. */
  terminal(title: 'Server' | 'Client'): Locator {
    return this.page.getByRole('group', { name: `${title} terminal`, exact: true });
  }

  /**
   * What the terminal shows on screen now, read without touching focus (xterm's rows; its
   * screen-reader live region also holds text announced earlier).
   */
  screen(title: 'Server' | 'Client'): Locator {
    return this.terminal(title).locator('.xterm-rows');
  }

  /** The terminal's output as text (opens the "output as text" view). */
  async output(title: 'Server' | 'Client'): Promise<Locator> {
    const log = this.page.getByRole('log', { name: `${title} output`, exact: true });
    if (!(await log.isVisible())) await this.page.getByText(`${title} output as text`, { exact: true }).click();
    return log;
  }
}

/** A new page at `url`, in a context of its own, with its lab opened and the local runtime ready. */
export async function openLabAt(browser: Browser, url: string): Promise<LabPage> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
  await page.goto(url);
  const lab = new LabPage(page);
  await lab.open();
  await lab.waitForLocalRuntime();
  return lab;
}
