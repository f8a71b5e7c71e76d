import Link from '@docusaurus/Link';
import type { CourseMapLesson } from '../../course-progress/course-map-types';
import type { Progress } from '../../course-progress/progress';
import styles from './CourseMap.module.css';

const runtimeName = { node: 'Node', linux: 'C on Linux' } as const;
const runtimeWhy = {
  node: 'Node programs, run in your browser or on this computer',
  linux: 'C programs, compiled and run on a real Linux kernel in your browser',
} as const;

/**
 * The lessons in order, each with what it shows, its labs (marked Node or C) and, once the page
 * knows this browser's progress, whether it was opened and how many of its questions have answers.
 * `progress` is null while the page renders on the server and hydrates.
 */
export default function CourseMap({
  lessons,
  progress,
}: {
  lessons: readonly CourseMapLesson[];
  progress: Progress | null;
}) {
  return (
    <ol className={styles.map}>
      {lessons.map((lesson) => {
        const opened = progress?.visited.has(lesson.permalink) ?? false;
        const answered = progress ? lesson.questions.filter((q) => progress.answeredIds.has(q)).length : 0;
        const questions = lesson.questions.length;
        return (
          <li key={lesson.permalink} className={styles.lesson}>
            <h3 className={styles.title}>
              <Link to={lesson.permalink}>
                {lesson.number !== null ? <span className={styles.number}>{lesson.number}.</span> : null}
                {lesson.title}
              </Link>
            </h3>
            <p className={styles.description}>{lesson.description}</p>
            {lesson.labs.length > 0 ? (
              <ul className={styles.labs} aria-label={`Labs in ${lesson.title}`}>
                {lesson.labs.map((lab) => (
                  <li key={lab.id}>
                    <span className={`${styles.mark} ${styles[lab.runtime]}`} title={runtimeWhy[lab.runtime]}>
                      {runtimeName[lab.runtime]}
                    </span>{' '}
                    {lab.title}
                  </li>
                ))}
              </ul>
            ) : null}
            <p className={styles.status}>
              {opened ? <span className={styles.opened}>Opened</span> : null}
              {questions > 0 ? (
                <span>
                  {progress && answered > 0 ? `${answered} of ${questions}` : questions}{' '}
                  {questions === 1 ? 'question' : 'questions'}
                  {progress && answered > 0 ? ' answered' : ''}
                </span>
              ) : null}
            </p>
          </li>
        );
      })}
    </ol>
  );
}
