/**
 * The course as a map, made at build time from the lessons' sources: each lesson's title, what
 * it shows, its labs and the ids of its questions (whose answers the browser keeps), in the
 * sidebar's order. The home page draws it and lays the learner's progress over it.
 */
import type { CourseMap, CourseMapLesson } from '../../src/course-progress/course-map-types';
import type { LabRuntimeKind } from '../../src/labs/types';
import { literalAttribute, mdxElements, type MdxNode } from '../labs/mdx-elements';

/** The components whose `id` names a question the learner answers (kept under ANSWER_PREFIX). */
export const questionComponents = ['ThinkQuestion', 'Prediction', 'ChoiceQuestion'] as const;

export interface LessonSource {
  readonly permalink: string;
  readonly title: string;
  /** The sidebar's label ("2. close()"), whose number is the lesson's. */
  readonly label: string;
  readonly description: string;
  /** The lesson's MDX, parsed (`parseMdx`). */
  readonly tree: MdxNode;
}

export interface LabInfo {
  readonly id: string;
  readonly title: string;
  readonly runtime: LabRuntimeKind;
}

/** The map of `lessons` (in the sidebar's order), naming each lesson's labs from `labs`. */
export function buildCourseMap(lessons: readonly LessonSource[], labs: readonly LabInfo[]): CourseMap {
  const labById = new Map(labs.map((lab) => [lab.id, lab]));
  /** The literal ids of the lesson's elements named `names`, each once, in document order. */
  const ids = (lesson: LessonSource, names: readonly string[]) => [
    ...new Set(
      Array.from(mdxElements(lesson.tree, names), (element) => {
        const id = literalAttribute(element, 'id');
        if (id === undefined) throw new Error(`${lesson.permalink}: <${element.name}> needs a literal id="…"`);
        return id;
      }),
    ),
  ];
  return {
    lessons: lessons.map((lesson): CourseMapLesson => {
      const number = /^(\d+[a-z]?)\.\s/.exec(lesson.label)?.[1] ?? null;
      return {
        permalink: lesson.permalink,
        number,
        title: lesson.title,
        description: lesson.description,
        labs: ids(lesson, ['Lab']).map((id) => {
          const lab = labById.get(id);
          if (!lab) throw new Error(`${lesson.permalink}: <Lab id="${id}"> names no lab under labs/`);
          return { id, title: lab.title, runtime: lab.runtime };
        }),
        questions: ids(lesson, questionComponents),
      };
    }),
  };
}

/** An MDX source as remark-mdx parses it (the syntax tree MDX compiles from). */
export async function parseMdx(source: string): Promise<MdxNode> {
  const [{ unified }, { default: remarkParse }, { default: remarkMdx }] = await Promise.all([
    import('unified'),
    import('remark-parse'),
    import('remark-mdx'),
  ]);
  return unified().use(remarkParse).use(remarkMdx).parse(source) as MdxNode;
}
