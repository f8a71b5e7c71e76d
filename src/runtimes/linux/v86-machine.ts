import type { V86, V86Options } from 'v86';
import { speedUpYield } from './fast-yield';

/** v86's emulator class; loaded by the caller (Node: the npm module; browser: our static copy). */
export type V86Constructor = new (options: V86Options) => V86;

/** The guest's serial ports: 0 is the agent's control channel, 1–3 are process terminals. */
export type SerialPort = 0 | 1 | 2 | 3;
export const terminalPorts = [1, 2, 3] as const satisfies readonly SerialPort[];

export interface MachineImage {
  /** Path (Node) or URL (browser) of v86.wasm. */
  readonly wasmPath: string;
  /** v86's WebAssembly already compiled (the browser keeps one per page); else v86 loads `wasmPath`. */
  readonly wasmModule?: () => Promise<WebAssembly.Module>;
  readonly bios: ArrayBuffer;
  readonly vgaBios: ArrayBuffer;
  /**
   * Whether v86 translates hot guest code into WebAssembly functions of its own (its JIT). Off
   * unless asked: V8 then compiles each of those large functions again with its optimizing
   * compiler, on background threads, for hundreds of milliseconds apiece. On a 2-core machine that
   * took both cores for seconds after every restore, and the page's own thread with them: in
   * lesson 4's lab a Start after "ready" took 1.4 s with it and 0.2 s without, an edited compile
   * 2.5 s and 1.1 s (bench/lesson-linux.ts, same build otherwise). v86's interpreter runs the
   * course's small programs and tcc fast enough; the image build, which boots a kernel, keeps it.
   */
  readonly jit?: boolean;
  /** A saved state to restore (zstd-compressed or raw), or a kernel and initramfs to boot. */
  readonly boot: { readonly state: ArrayBuffer } | { readonly kernel: ArrayBuffer; readonly initrd: ArrayBuffer };
}

/** Guest memory. The saved state is only valid for the size it was made with. */
export const guestMemoryBytes = 128 * 1024 * 1024;

/**
 * The kernel command line. The console is on ttyS0, but the agent lowers the console log level at
 * start, so only emergencies interrupt the control channel. `init_on_free=1` keeps freed pages
 * zeroed, which makes the saved state compress better.
 */
export const kernelCommandLine =
  'console=ttyS0 tsc=reliable mitigations=off random.trust_cpu=on quiet loglevel=3 init_on_free=1';

/** What the runtime needs of a running machine, wherever its emulator runs (this thread, a worker). */
export interface Machine {
  /** Calls `listener` with each byte the guest writes to `port`; returns the unsubscribe. */
  onOutput(port: SerialPort, listener: (byte: number) => void): () => void;
  /** Sends bytes to the guest on `port`, as if typed on that serial line. */
  send(port: SerialPort, bytes: Uint8Array): void;
  /** Puts the machine back to the saved state it started from. */
  restore(): Promise<void>;
  destroy(): Promise<void>;
}

/** A new emulator with the image loaded (a saved state restored, or a kernel to boot), not running. */
function loadEmulator(V86: V86Constructor, image: MachineImage): Promise<V86> {
  const options: V86Options = {
    wasm_path: image.wasmPath,
    ...(image.wasmModule
      ? {
          wasm_fn: async (imports: WebAssembly.Imports) =>
            (await WebAssembly.instantiate(await image.wasmModule!(), imports)).exports,
        }
      : {}),
    bios: { buffer: image.bios },
    vga_bios: { buffer: image.vgaBios },
    memory_size: guestMemoryBytes,
    vga_memory_size: 2 * 1024 * 1024,
    autostart: false,
    disable_keyboard: true,
    disable_mouse: true,
    disable_speaker: true,
    disable_jit: !image.jit,
    uart1: true,
    uart2: true,
    uart3: true,
    ...('state' in image.boot
      ? { initial_state: { buffer: image.boot.state.slice(0) } } // v86 takes its buffer; keep ours for the next one
      : {
          bzimage: { buffer: image.boot.kernel },
          initrd: { buffer: image.boot.initrd },
          cmdline: kernelCommandLine,
        }),
  };
  const emulator = new V86(options);
  return new Promise((resolve) => {
    const loaded = () => {
      emulator.remove_listener('emulator-loaded', loaded);
      resolve(emulator);
    };
    emulator.add_listener('emulator-loaded', loaded);
  });
}

/** One v86 emulator with four serial ports and no network device, in Node, a page or a worker. */
export class V86Machine implements Machine {
  /** Whether it ran yet (its first run gives it the faster yield of fast-yield.ts). */
  private hasRun = false;
  /** The page's listeners on the emulator's serial output: a restore moves them to the new emulator. */
  private readonly listeners = new Map<SerialPort, Set<(byte: number) => void>>();

  private constructor(
    private emulator: V86,
    private readonly V86: V86Constructor,
    private readonly image: MachineImage,
  ) {}

  /** Starts the emulator; resolves once it runs (after the restore, when booting from a state). */
  static async start(V86: V86Constructor, image: MachineImage): Promise<V86Machine> {
    const machine = await V86Machine.load(V86, image);
    await machine.run();
    return machine;
  }

  /**
   * Makes the emulator and restores the saved state (or loads the kernel) without running it:
   * the costly part of a start (v86 allocates the guest's memory and fills it), done ahead. The
   * guest's clocks count from the restore, so a machine loaded long before run() sees time leap;
   * restore() instead starts it as if just restored.
   */
  static async load(V86: V86Constructor, image: MachineImage): Promise<V86Machine> {
    return new V86Machine(await loadEmulator(V86, image), V86, image);
  }

  /** Runs the emulator from where it is (a loaded machine, or one stopped by restore()). */
  async run(): Promise<void> {
    if (!this.hasRun) speedUpYield(this.emulator);
    this.hasRun = true;
    await this.emulator.run();
  }

  /** Calls `listener` with each byte the guest writes to `port`; returns the unsubscribe. */
  onOutput(port: SerialPort, listener: (byte: number) => void): () => void {
    let set = this.listeners.get(port);
    if (!set) this.listeners.set(port, (set = new Set()));
    set.add(listener);
    this.emulator.add_listener(`serial${port}-output-byte`, listener);
    return () => {
      set.delete(listener);
      this.emulator.remove_listener(`serial${port}-output-byte`, listener);
    };
  }

  /** Sends bytes to the guest on `port`, as if typed on that serial line. */
  send(port: SerialPort, bytes: Uint8Array): void {
    this.emulator.serial_send_bytes(port, bytes);
  }

  save(): Promise<ArrayBuffer> {
    return this.emulator.save_state();
  }

  /**
   * Puts the machine back to the saved state it started from, in a new emulator: v86's
   * restore_state into the running one left the guest's timers behind (its PIT fired a burst of
   * about 150,000 late interrupts, and TCP's retransmission timer never fired again: with the
   * cable pulled no segment was sent again, and TCP_USER_TIMEOUT never gave ETIMEDOUT;
   * tests/scenarios/linux-faults.test.ts). A new emulator restores as a first start does.
   */
  async restore(): Promise<void> {
    if (!('state' in this.image.boot))
      throw new Error('this machine booted a kernel: it has no saved state to go back to');
    const old = this.emulator;
    await old.stop();
    const fresh = await loadEmulator(this.V86, this.image);
    for (const [port, set] of this.listeners)
      for (const listener of set) fresh.add_listener(`serial${port}-output-byte`, listener);
    this.emulator = fresh;
    this.hasRun = false;
    await this.run();
    void old.destroy();
  }

  destroy(): Promise<void> {
    return this.emulator.destroy();
  }
}
