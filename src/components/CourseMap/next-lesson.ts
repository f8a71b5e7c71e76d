import type { CourseMapLesson } from '../../course-progress/course-map-types';

export interface NextLesson {
  readonly lesson: CourseMapLesson;
  /** "continue": a lesson not opened yet; "review": all were opened, this one has questions left. */
  readonly why: 'continue' | 'review';
}

/**
 * Where a learner with this progress goes on: the first lesson not opened yet after the furthest
 * one they opened (else the first not opened at all); when they opened them all, the first with a
 * question still unanswered. Null for a learner who has opened none (the course starts at the
 * beginning), or who has done everything.
 */
export function nextLesson(
  lessons: readonly CourseMapLesson[],
  visited: ReadonlySet<string>,
  answered: ReadonlySet<string>,
): NextLesson | null {
  const opened = (l: CourseMapLesson) => visited.has(l.permalink);
  const furthest = lessons.reduce((last, l, i) => (opened(l) ? i : last), -1);
  if (furthest < 0) return null;
  const unopened = lessons.slice(furthest + 1).find((l) => !opened(l)) ?? lessons.find((l) => !opened(l));
  if (unopened) return { lesson: unopened, why: 'continue' };
  const open = lessons.find((l) => l.questions.some((q) => !answered.has(q)));
  return open ? { lesson: open, why: 'review' } : null;
}
