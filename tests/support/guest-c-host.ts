import type { LinuxRuntime } from '../../src/runtimes/linux/linux-runtime';
import type { Lab } from '../../src/labs/types';
import type { CHost, CHostProcess } from '../../scripts/references/play-c-scenario';

/**
 * Linux in v86 as a place to play a C lab's scenario: the lab's files mounted in the guest, each
 * process's C file compiled there by tcc and run with a pseudo-terminal as its input and a serial
 * port as its output, exactly as the lab page does it. Its output is what the program wrote: the
 * terminal's echo is left out, as the lab page leaves it out of the comparison.
 */
export class GuestCHost implements CHost {
  private labId = '';
  constructor(private readonly runtime: LinuxRuntime) {}

  async prepare(lab: Lab): Promise<void> {
    this.labId = lab.id;
    await this.runtime.mount(lab.id, lab.files);
  }

  port(): Promise<number> {
    return this.runtime.reservePort();
  }

  async start(spec: Lab['processes'][number], args: string[]): Promise<CHostProcess> {
    const proc = await this.runtime.spawn({
      dir: this.labId,
      file: spec.file,
      args,
      env: spec.env,
      ...(spec.aim ? { aim: spec.aim } : {}),
    });
    const listeners: ((text: string) => void)[] = [];
    void (async () => {
      const reader = proc.output.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        if (value.stream === 'stdout' || value.stream === 'stderr') listeners.forEach((l) => l(value.text));
      }
    })();
    return {
      onOutput: (listener) => listeners.push(listener),
      writeInput: (text) => proc.writeInput(text),
      kill: () => proc.kill(),
      exit: proc.exit,
    };
  }
}
