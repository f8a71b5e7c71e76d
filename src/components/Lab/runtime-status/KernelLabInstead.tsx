import courseMap from '@course-map';
import { kernelLabsBeside } from '../../CourseMap/kernel-labs-beside';
import styles from './RuntimeStatus.module.css';

/**
 * When nothing can run a Node lab here (no in-browser runtime on this browser or network, no
 * local service), the lesson's C lab still can: it runs on a real Linux kernel inside the page,
 * with no server. Says so and links to it; nothing when the lesson has none.
 */
export function KernelLabInstead({ labId }: { labId: string }) {
  const labs = kernelLabsBeside(courseMap.lessons, labId);
  if (labs.length === 0) return null;
  return (
    <p className={styles.instead}>
      Meanwhile, this lesson&apos;s C {labs.length === 1 ? 'lab runs' : 'labs run'} on a real Linux kernel inside this
      page, with no server and offline too:{' '}
      {labs.map((lab, i) => (
        <span key={lab.id}>
          {i > 0 ? ', ' : ''}
          <a href={`#lab-${lab.id}`}>{lab.title}</a>
        </span>
      ))}
      .
    </p>
  );
}
