import type { CourseMapLesson } from '../../course-progress/course-map-types';

/** The C labs (real Linux in the page) of the lesson that has the lab `labId`. */
export function kernelLabsBeside(lessons: readonly CourseMapLesson[], labId: string): CourseMapLesson['labs'] {
  const lesson = lessons.find((l) => l.labs.some((lab) => lab.id === labId));
  return lesson?.labs.filter((lab) => lab.runtime === 'linux' && lab.id !== labId) ?? [];
}
