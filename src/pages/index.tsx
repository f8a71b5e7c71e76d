import Link from '@docusaurus/Link';
import courseMap from '@course-map';
import Layout from '@theme/Layout';
import CourseMap from '../components/CourseMap/CourseMap';
import { nextLesson } from '../components/CourseMap/next-lesson';
import SequenceDiagram from '../components/SequenceDiagram';
import type { CourseMap as CourseMapData } from '../course-progress/course-map-types';
import type { Progress } from '../course-progress/progress';
import { useStoredProgress } from '../course-progress/useProgress';
import { fourWayClose } from '../diagrams/closing';
import styles from './index.module.css';

/** "Start the course", or, for a learner with progress in this browser, where to go on. */
function StartOrContinue({ lessons, progress }: { lessons: CourseMapData['lessons']; progress: Progress | null }) {
  const next = progress ? nextLesson(lessons, progress.visited, progress.answeredIds) : null;
  const first = lessons[0];
  if (!next)
    return first ? (
      <Link className={`button button--primary button--lg ${styles.start}`} to={first.permalink}>
        Start the course
      </Link>
    ) : null;
  const label = `${next.why === 'continue' ? 'Continue' : 'Questions left'}: ${next.lesson.number !== null ? `${next.lesson.number}. ` : ''}${next.lesson.title}`;
  return (
    <Link className={`button button--primary button--lg ${styles.start}`} to={next.lesson.permalink}>
      {label}
    </Link>
  );
}

export default function Home() {
  const { lessons } = courseMap;
  const progress = useStoredProgress();
  const cLabs = lessons.reduce((n, l) => n + l.labs.filter((lab) => lab.runtime === 'linux').length, 0);
  const nodeLabs = lessons.reduce((n, l) => n + l.labs.filter((lab) => lab.runtime === 'node').length, 0);
  return (
    <Layout
      title="Closing TCP connections"
      description="An interactive course on close(), shutdown(), RST and SIGPIPE."
    >
      <main className={styles.main}>
        <h1>Graceful or abrupt? Closing a TCP connection</h1>
        <p className={styles.lead}>
          Why did the server's reply never arrive? Why did the server die on its second write? This course answers those
          questions on real sockets: you read a short lesson, edit a real echo client and server in the page, run them,
          and watch both sides.
        </p>
        <StartOrContinue lessons={lessons} progress={progress} />

        <h2>What you will do</h2>
        <p>
          Each lesson starts from a picture like this one, the orderly close every textbook draws, and then asks what
          really happens when a program closes early, writes to a closed peer, or is killed. You predict first; then you
          run the programs and compare. {nodeLabs} labs run Node programs; {cLabs} compile C and run it on a real Linux
          kernel inside this page, showing every segment and socket state as it happens. Every behaviour was checked on
          Linux, and where the usual textbook account differs from the kernel, the lesson says so.
        </p>
        <SequenceDiagram
          title="The orderly close: each side sends a FIN, the other acknowledges it"
          lanes={['Closes first', 'Closes second']}
          steps={fourWayClose}
        />

        <h2 id="lessons">The lessons</h2>
        <CourseMap lessons={lessons} progress={progress} />
      </main>
    </Layout>
  );
}
