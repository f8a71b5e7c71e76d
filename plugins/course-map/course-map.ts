/**
 * The course as a map, made at build time from the lessons' sources: each lesson's title, what
 * it shows, its labs and the ids of its questions (whose answers the browser keeps), in the
 * sidebar's order. The home page draws it and lays the learner's progress over it.
 */
import type { CourseMap, CourseMapLesson } from '../../src/course-progress/course-map-types';
import type { LabRuntimeKind } from '../../src/labs/types';

/** The components whose `id` names a question the learner answers (kept under ANSWER_PREFIX). */
export const questionComponents = ['ThinkQuestion', 'Prediction', 'ChoiceQuestion'] as const;

/**
 * The `id="…"` of every `<Component …>` in an MDX source, in order. Attribute values may hold
 * any character (a question's text holds `>`): quoted strings and `{…}` expressions are skipped
 * whole while looking for the tag's end.
 */
export function componentIds(source: string, component: string): string[] {
  const ids: string[] = [];
  const opening = new RegExp(`<${component}(?=[\\s/>])`, 'g');
  for (const match of source.matchAll(opening)) {
    let i = match.index + match[0].length;
    let depth = 0;
    while (i < source.length) {
      const c = source[i]!;
      if (depth === 0 && (c === '"' || c === "'")) {
        const end = source.indexOf(c, i + 1);
        if (end < 0) break;
        i = end + 1;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}') depth = Math.max(0, depth - 1);
      else if (depth === 0 && c === '>') break;
      else if (depth === 0 && /\s/.test(c)) {
        const id = /^\s+id="([^"]+)"/.exec(source.slice(i, i + 200));
        if (id) {
          ids.push(id[1]!);
          break;
        }
      }
      i++;
    }
  }
  return ids;
}

export interface LessonSource {
  readonly permalink: string;
  readonly title: string;
  /** The sidebar's label ("2. close()"), whose number is the lesson's. */
  readonly label: string;
  readonly description: string;
  /** The lesson's MDX. */
  readonly source: string;
}

export interface LabInfo {
  readonly id: string;
  readonly title: string;
  readonly runtime: LabRuntimeKind;
}

/** The map of `lessons` (in the sidebar's order), naming each lesson's labs from `labs`. */
export function buildCourseMap(lessons: readonly LessonSource[], labs: readonly LabInfo[]): CourseMap {
  const labById = new Map(labs.map((lab) => [lab.id, lab]));
  return {
    lessons: lessons.map((lesson): CourseMapLesson => {
      const number = /^(\d+[a-z]?)\.\s/.exec(lesson.label)?.[1] ?? null;
      return {
        permalink: lesson.permalink,
        number,
        title: lesson.title,
        description: lesson.description,
        labs: [...new Set(componentIds(lesson.source, 'Lab'))].map((id) => {
          const lab = labById.get(id);
          if (!lab) throw new Error(`${lesson.permalink}: <Lab id="${id}"> names no lab under labs/`);
          return { id, title: lab.title, runtime: lab.runtime };
        }),
        questions: [...new Set(questionComponents.flatMap((component) => componentIds(lesson.source, component)))],
      };
    }),
  };
}
