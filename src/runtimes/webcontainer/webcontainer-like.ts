/**
 * The part of @webcontainer/api's WebContainer this course uses, so that the runtime can be
 * tested against a fake and the real package is loaded only when a lab needs it.
 */
export interface WebContainerProcessLike {
  readonly output: ReadableStream<string>;
  readonly input: WritableStream<string>;
  readonly exit: Promise<number>;
  kill(): void;
}

export interface DirectoryTree {
  [name: string]: { file: { contents: string } } | { directory: DirectoryTree };
}

export interface WebContainerLike {
  mount(tree: DirectoryTree, options?: { mountPoint?: string }): Promise<void>;
  readonly fs: {
    rm(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void>;
    mkdir(path: string, options: { recursive: true }): Promise<string>;
  };
  spawn(
    command: string,
    args: string[],
    options?: { cwd?: string; env?: Record<string, string | number | boolean> },
  ): Promise<WebContainerProcessLike>;
  teardown?(): void;
}
