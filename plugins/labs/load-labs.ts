import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { traceEventKinds } from '../../src/labs/trace/events';
import type { ReferenceTrace } from '../../src/labs/reference/reference-trace';
import type { Lab } from '../../src/labs/types';
import { segmentKinds, type CLabCheck } from '../../src/labs/c-run/c-checks';
import type { NativeCReference } from '../../src/labs/reference/native-c-reference';
import type { LabCheck } from '../../src/labs/trace/checks';
import { tcpStateNames } from '../../src/runtimes/linux/kernel-events';

/** A lab folder whose description cannot be used; the message names the folder and the problem. */
export class LabDefinitionError extends Error {
  override name = 'LabDefinitionError';
}

const plainFileName = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/, 'must be a relative path inside the lab folder')
  .refine((p) => !p.split('/').includes('..'), 'must not contain ".."');

/**
 * Folders of the course (relative to the repository) a lab may take a file from, instead of
 * keeping a copy: the C labs run the very programs the lessons show.
 */
export const courseFolders = ['reference/c'] as const;

/**
 * A lab file: a file in the lab's folder ("server.js"), or a course file by name
 * ({ "path": "echo-client.c", "from": "reference/c" }).
 */
const labFile = z.union([plainFileName, z.object({ path: plainFileName, from: z.enum(courseFolders) }).strict()]);
const filePath = (file: z.infer<typeof labFile>): string => (typeof file === 'string' ? file : file.path);

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes');

const eventKind = z.enum(traceEventKinds);
const eventMatch = z
  .object({
    proc: id,
    kind: eventKind,
    textIncludes: z.string().optional(),
    result: z.string().optional(),
    code: z.string().optional(),
    exitCode: z.number().int().optional(),
  })
  .strict();

/** What every check has: its words, its scenario, and what must not happen (after what). */
const checkFrame = <T extends z.ZodTypeAny>(observation: T) =>
  z.object({
    id,
    text: z.string().min(1),
    scenario: id.optional(),
    absent: observation.optional(),
    after: observation.optional(),
  });

/**
 * A run is judged while it goes, so "never happens" can only be said once something has happened
 * after which it no longer could: without "after", a server that crashes 70 ms after its failed write
 * would read "survives" for those 70 ms (and be remembered as met).
 */
const absentNeedsAfter = '"absent" needs "after": the event after which its absence is certain';

const nodeCheck = checkFrame(eventMatch)
  .extend({ events: z.array(eventMatch).optional() })
  .strict()
  .refine((c) => (c.events?.length ?? 0) > 0 || c.absent, 'a check needs "events" or "absent"')
  .refine((c) => !c.absent || c.after, absentNeedsAfter);

/** What a C lab's check can see: a printed line, a process's end, a segment, a socket state. */
const cObservation = z.union([
  z.object({ proc: id, printed: z.string().min(1) }).strict(),
  z.object({ proc: id, ended: z.string().regex(/^(killed by SIG[A-Z]+|exited with code \d+)$/) }).strict(),
  z.object({ segment: z.enum(segmentKinds), from: z.enum(['client', 'server']).optional() }).strict(),
  z.object({ state: z.enum(tcpStateNames), side: z.enum(['client', 'server']).optional() }).strict(),
]);
const cCheck = checkFrame(cObservation)
  .extend({ seen: z.array(cObservation).optional() })
  .strict()
  .refine((c) => (c.seen?.length ?? 0) > 0 || c.absent, 'a check needs "seen" or "absent"')
  .refine((c) => !c.absent || c.after, absentNeedsAfter);

/** A side's name, as the lab's programs call it ("client", "peer", "conn"). */
const sideName = z.string().regex(/^[A-Za-z][A-Za-z0-9 _-]{0,23}$/, 'must be a short name: letters, digits, spaces');

/**
 * A C lab's "predict the wire": which scenario's run, from which of its input steps, which
 * connection, and what the two sides are called. Where to look, never what will be seen: the
 * learner's run is graded on what its kernel sent.
 */
const wirePrediction = z
  .object({
    scenario: id,
    /** The scenario's input step (1-based) from which the segments are graded; else after the handshake. */
    fromInput: z.number().int().min(1).optional(),
    connection: z.number().int().min(1).default(1),
    about: z.string().min(1).max(120).optional(),
    sides: z
      .object({ client: sideName, server: sideName })
      .strict()
      .refine((s) => s.client !== s.server, 'the two sides need different names'),
  })
  .strict();

const manifestSchema = z
  .object({
    title: z.string().min(1),
    summary: z.string().min(1),
    /** Another lab whose files this one uses where it has none of its own. */
    extends: id.optional(),
    /** "node" (the default): JavaScript labs; "linux": C programs on Linux in the browser. */
    runtime: z.enum(['node', 'linux']).default('node'),
    files: z.array(labFile).min(1),
    /** Lab file → the file (in this lab's folder) that solves its task. */
    solutions: z.record(plainFileName, plainFileName).default({}),
    processes: z
      .array(
        z.object({
          id,
          title: z.string().min(1),
          file: plainFileName,
          /** Command-line arguments; "$PORT" stands for the port the runtime chose. */
          args: z.array(z.string()).default([]),
          env: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/), z.string()).default({}),
          stdin: z.boolean().default(false),
          /** The typed line that end of input (Ctrl-D) does the same as, e.g. "shutdown". */
          endOfInput: z.string().min(1).optional(),
          /** C labs: a fault on the wire armed just before the program starts (e.g. the last ACK of its close lost). */
          aim: z
            .object({ kind: z.enum(['fin', 'last-ack']), count: z.number().int().min(1).max(10).default(1) })
            .strict()
            .optional(),
        }),
      )
      .min(1),
    scenarios: z
      .array(
        z
          .object({
            id,
            title: z.string().min(1),
            /** The processes the learner starts first, in this order; all of them if left out. */
            startFirst: z.array(id).optional(),
            /** Then, in order: a line to type into the process that reads stdin, or a process to start. */
            input: z.array(z.union([z.string(), z.object({ start: id }).strict()])),
            observe: z.array(z.string().min(1)).min(1),
            /** The scenario is over once all of these have happened (else: once the programs are quiet). */
            until: z.array(eventMatch).optional(),
          })
          .strict(),
      )
      .default([]),
    /** Node labs: checks on the socket trace; C labs: checks on what the guest shows (read below). */
    checks: z.array(z.record(z.string(), z.unknown())).default([]),
    /** C labs: predictions of what the kernel sends, graded on the learner's run. */
    wirePredictions: z.array(wirePrediction).optional(),
  })
  .strict()
  .superRefine((lab, ctx) => {
    const files = new Set(lab.files.map(filePath));
    for (const file of Object.keys(lab.solutions)) {
      if (!files.has(file)) {
        ctx.addIssue({ code: 'custom', path: ['solutions', file], message: `"${file}" is not listed in "files"` });
      }
    }
    lab.processes.forEach((p, i) => {
      const language =
        lab.runtime === 'linux'
          ? { ext: '.c', what: 'a C lab runs .c files' }
          : { ext: '.js', what: 'a Node lab runs .js files' };
      if (!p.file.endsWith(language.ext)) {
        ctx.addIssue({ code: 'custom', path: ['processes', i, 'file'], message: `"${p.file}": ${language.what}` });
      }
      if (!files.has(p.file)) {
        ctx.addIssue({
          code: 'custom',
          path: ['processes', i, 'file'],
          message: `"${p.file}" is not listed in "files"`,
        });
      }
      if (p.endOfInput !== undefined && !p.stdin) {
        ctx.addIssue({
          code: 'custom',
          path: ['processes', i, 'endOfInput'],
          message: '"endOfInput" needs "stdin": true (the learner ends the input of a process they type into)',
        });
      }
      if (p.aim && lab.runtime !== 'linux') {
        ctx.addIssue({
          code: 'custom',
          path: ['processes', i, 'aim'],
          message: '"aim" is a fault on the wire of Linux in the page: only a C lab ("runtime": "linux") has one',
        });
      }
      if ('PORT' in p.env) {
        ctx.addIssue({
          code: 'custom',
          path: ['processes', i, 'env', 'PORT'],
          message: 'PORT is chosen by the runtime; do not set it',
        });
      }
    });
    const processIds = new Set(lab.processes.map((p) => p.id));
    const hasReader = lab.processes.some((p) => p.stdin);
    lab.scenarios.forEach((scenario, i) => {
      const named = [
        ...(scenario.startFirst ?? []),
        ...scenario.input.flatMap((step) => (typeof step === 'string' ? [] : [step.start])),
      ];
      for (const proc of named.filter((p) => !processIds.has(p))) {
        ctx.addIssue({ code: 'custom', path: ['scenarios', i], message: `there is no process "${proc}"` });
      }
      if (!hasReader && scenario.input.some((step) => typeof step === 'string')) {
        ctx.addIssue({
          code: 'custom',
          path: ['scenarios', i, 'input'],
          message: 'lines to type need a process with "stdin": true',
        });
      }
    });
    (lab.wirePredictions ?? []).forEach((prediction, i) => {
      const where = ['wirePredictions', i];
      if (lab.runtime !== 'linux') {
        ctx.addIssue({ code: 'custom', path: where, message: 'only a C lab ("runtime": "linux") shows the kernel' });
      }
      const scenario = lab.scenarios.find((s) => s.id === prediction.scenario);
      if (!scenario) {
        ctx.addIssue({
          code: 'custom',
          path: [...where, 'scenario'],
          message: `there is no scenario "${prediction.scenario}"`,
        });
      } else if (prediction.fromInput !== undefined && prediction.fromInput > scenario.input.length) {
        ctx.addIssue({
          code: 'custom',
          path: [...where, 'fromInput'],
          message: `scenario "${scenario.id}" has ${scenario.input.length} input step(s), not ${prediction.fromInput}`,
        });
      }
      const twin = (lab.wirePredictions ?? []).findIndex(
        (other) => other.scenario === prediction.scenario && other.connection === prediction.connection,
      );
      if (twin !== i) {
        ctx.addIssue({
          code: 'custom',
          path: where,
          message: `a second prediction of scenario "${prediction.scenario}", connection ${prediction.connection}`,
        });
      }
    });
    for (const [key, list] of [
      ['processes', lab.processes.map((p) => p.id)],
      ['scenarios', lab.scenarios.map((s) => s.id)],
      ['files', lab.files.map(filePath)],
    ] as const) {
      const dup = list.find((v, i) => list.indexOf(v) !== i);
      if (dup) ctx.addIssue({ code: 'custom', path: [key], message: `"${dup}" appears twice` });
    }
  });

/** Reads and checks one lab folder (`labs/<id>/lab.json` and the files it lists). */
export async function loadLab(labsDir: string, labId: string): Promise<Lab> {
  const dir = path.join(labsDir, labId);
  const where = `labs/${labId}/lab.json`;
  if (!id.safeParse(labId).success) {
    throw new LabDefinitionError(`labs/${labId}: a lab folder name must be lower-case letters, digits and dashes`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path.join(dir, 'lab.json'), 'utf8'));
  } catch (err) {
    throw new LabDefinitionError(`${where}: cannot read it as JSON: ${(err as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new LabDefinitionError(`${where} is not a valid lab description:\n${problems.join('\n')}`);
  }
  const manifest = parsed.data;
  const checks = parseChecks(where, manifest);
  const baseDir = manifest.extends ? path.join(labsDir, manifest.extends) : null;
  /** A file of this lab: its own copy, else the base lab's. */
  const readLabFile = async (file: string): Promise<string> => {
    try {
      return await readFile(path.join(dir, file), 'utf8');
    } catch {
      if (baseDir) {
        try {
          return await readFile(path.join(baseDir, file), 'utf8');
        } catch {
          // Reported below, naming both places.
        }
      }
      const places = manifest.extends
        ? `neither labs/${labId}/${file} nor labs/${manifest.extends}/${file} can be read`
        : `labs/${labId}/${file} cannot be read`;
      throw new LabDefinitionError(`${where} lists "${file}", but ${places}`);
    }
  };
  /** A course file (reference/c/…), read where the lessons show it from. */
  const readCourseFile = async (file: string, from: string): Promise<string> => {
    try {
      return await readFile(path.join(labsDir, '..', from, file), 'utf8');
    } catch {
      throw new LabDefinitionError(`${where} names the course file ${from}/${file}, which cannot be read`);
    }
  };
  const files = await Promise.all(
    manifest.files.map(async (file) =>
      typeof file === 'string'
        ? { path: file, content: await readLabFile(file) }
        : { path: file.path, content: await readCourseFile(file.path, file.from) },
    ),
  );
  const solutions = await Promise.all(
    Object.entries(manifest.solutions).map(async ([file, solution]) => {
      try {
        return { path: file, content: await readFile(path.join(dir, solution), 'utf8') };
      } catch {
        throw new LabDefinitionError(`${where}: the solution for "${file}", labs/${labId}/${solution}, cannot be read`);
      }
    }),
  );
  const scenarioIds = manifest.scenarios.map((scenario) => scenario.id);
  const references =
    manifest.runtime === 'node' ? await readRecordedReferences(dir, labId, scenarioIds, nodeReference) : [];
  const nativeReferences =
    manifest.runtime === 'linux' ? await readRecordedReferences(dir, labId, scenarioIds, nativeCReference) : [];
  return {
    id: labId,
    runtime: manifest.runtime,
    title: manifest.title,
    summary: manifest.summary,
    processes: manifest.processes,
    scenarios: manifest.scenarios.map((scenario) => ({
      ...scenario,
      startFirst: scenario.startFirst ?? manifest.processes.map((p) => p.id),
    })),
    checks: checks.node,
    ...(manifest.runtime === 'linux' ? { cChecks: checks.c, nativeReferences } : {}),
    filePaths: manifest.files.map(filePath),
    ...(manifest.wirePredictions?.length ? { wirePredictions: manifest.wirePredictions } : {}),
    files,
    solutions,
    references,
  };
}

/**
 * A lab's checks: a Node lab's are judged on the socket trace, a C lab's on what the guest shows.
 * Each names a scenario and processes of the lab.
 */
function parseChecks(
  where: string,
  manifest: { runtime: 'node' | 'linux'; checks: unknown[]; processes: { id: string }[]; scenarios: { id: string }[] },
): { node: LabCheck[]; c: CLabCheck[] } {
  const schema = manifest.runtime === 'linux' ? z.array(cCheck) : z.array(nodeCheck);
  const parsed = schema.safeParse(manifest.checks);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `  - checks.${i.path.join('.')}: ${i.message}`);
  const checks = (parsed.success ? parsed.data : []) as (LabCheck | CLabCheck)[];
  const processIds = new Set(manifest.processes.map((p) => p.id));
  const scenarioIds = new Set(manifest.scenarios.map((s) => s.id));
  checks.forEach((check, i) => {
    if (check.scenario !== undefined && !scenarioIds.has(check.scenario)) {
      problems.push(`  - checks.${i}.scenario: there is no scenario "${check.scenario}"`);
    }
    const named = [
      ...('events' in check ? (check.events ?? []) : []),
      ...('seen' in check ? (check.seen ?? []) : []),
      check.absent,
      check.after,
    ];
    for (const m of named) {
      if (m && 'proc' in m && !processIds.has(m.proc)) {
        problems.push(`  - checks.${i}: there is no process "${m.proc}"`);
      }
    }
  });
  if (problems.length > 0) {
    throw new LabDefinitionError(`${where} is not a valid lab description:\n${problems.join('\n')}`);
  }
  return manifest.runtime === 'linux' ? { node: [], c: checks as CLabCheck[] } : { node: checks as LabCheck[], c: [] };
}

/** What a recorded reference of one kind must hold, and what the error calls it. */
interface ReferenceKind<T> {
  readonly name: string;
  readonly holds: (value: Partial<T>) => boolean;
}

const nodeReference: ReferenceKind<ReferenceTrace> = {
  name: 'reference',
  holds: (value) => Array.isArray(value.events),
};
const nativeCReference: ReferenceKind<NativeCReference> = {
  name: 'native reference',
  holds: (value) => typeof value.processes === 'object' && value.processes !== null,
};

/**
 * A lab's recorded references (labs/<id>/reference/<scenario>.json), where recorded: a scenario not
 * recorded yet is left out (the lab says so, and `npm test` fails until it is); a file that is not
 * this scenario's reference of this kind is a lab definition error.
 */
async function readRecordedReferences<T extends { lab: string; scenario: string }>(
  dir: string,
  labId: string,
  scenarioIds: string[],
  kind: ReferenceKind<T>,
): Promise<T[]> {
  const found = await Promise.all(
    scenarioIds.map(async (scenarioId) => {
      const file = `labs/${labId}/reference/${scenarioId}.json`;
      let text: string;
      try {
        text = await readFile(path.join(dir, 'reference', `${scenarioId}.json`), 'utf8');
      } catch {
        return null;
      }
      let value: Partial<T>;
      try {
        value = JSON.parse(text) as Partial<T>;
      } catch (err) {
        throw new LabDefinitionError(`${file}: cannot read it as JSON: ${(err as Error).message}`);
      }
      if (
        value === null ||
        typeof value !== 'object' ||
        value.lab !== labId ||
        value.scenario !== scenarioId ||
        !kind.holds(value)
      ) {
        throw new LabDefinitionError(
          `${file} is not this scenario's ${kind.name}: run "npm run record-references ${labId}"`,
        );
      }
      return value as T;
    }),
  );
  return found.filter((reference) => reference !== null);
}

/** Every lab under `labsDir`: each sub-folder that holds a lab.json. */
export async function loadLabs(labsDir: string): Promise<Lab[]> {
  const entries = await readdir(labsDir, { withFileTypes: true });
  const ids: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const hasManifest = await stat(path.join(labsDir, entry.name, 'lab.json')).then(
      () => true,
      () => false,
    );
    if (hasManifest) ids.push(entry.name);
  }
  ids.sort();
  return Promise.all(ids.map((labId) => loadLab(labsDir, labId)));
}
