/** The course's lessons as the home page maps them (made by plugins/course-map at build time). */
import type { LabRuntimeKind } from '../labs/types';
export interface CourseMapLesson {
  readonly permalink: string;
  /** "2", "4a"; null for a lesson without a number. */
  readonly number: string | null;
  readonly title: string;
  /** What the lesson shows, in a sentence or two (its front matter's description). */
  readonly description: string;
  readonly labs: readonly { readonly id: string; readonly title: string; readonly runtime: LabRuntimeKind }[];
  /** The ids of its questions (think-questions, predictions, choices), whose answers the browser keeps. */
  readonly questions: readonly string[];
}

export interface CourseMap {
  readonly lessons: readonly CourseMapLesson[];
}
