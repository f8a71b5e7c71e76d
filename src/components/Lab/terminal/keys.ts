/**
 * Keys a terminal leaves to the page: Tab and Shift-Tab move focus as everywhere else (the lab
 * programs read lines, so a tab character is of no use to them), and Escape moves focus to the
 * terminal's buttons below it. Without this a keyboard user could not leave the terminal
 * (WCAG 2.1.2).
 */
export function keyLeavesTerminal(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey'>) {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  if (event.key === 'Tab') return 'tab';
  if (event.key === 'Escape') return 'escape';
  return null;
}
