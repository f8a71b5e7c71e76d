/** What a prestarted Node is told to become (sent to it when the learner presses Run). */
export interface GoMessage {
  readonly cwd: string;
  /** Relative to `cwd`. */
  readonly file: string;
  readonly env: Readonly<Record<string, string>>;
  /** The program's arguments (process.argv after the script). */
  readonly args: readonly string[];
  readonly trace?: { readonly name: string; readonly module: string };
}
