import { useDocsSidebar } from '@docusaurus/plugin-content-docs/client';
import { clearProgress } from '../../course-progress/progress';
import { useProgress } from '../../course-progress/useProgress';
import styles from './CourseProgress.module.css';

/** "3 of 10 lessons visited, 5 questions answered", with a way to start over. */
export default function CourseProgress() {
  const { visited, answered } = useProgress();
  const sidebar = useDocsSidebar();
  const lessons = (sidebar?.items ?? []).filter((item) => item.type === 'link' || item.type === 'category').length;
  const seen = (sidebar?.items ?? []).filter((item) => item.type === 'link' && visited.has(item.href)).length;

  const onClear = () => {
    if (window.confirm('Forget which lessons you visited and every answer you wrote in this browser?')) clearProgress();
  };

  return (
    <section className={styles.progress} aria-label="Your progress">
      <p className={styles.summary} role="status">
        {seen} of {lessons} lessons visited · {answered} {answered === 1 ? 'question' : 'questions'} answered
      </p>
      <button
        type="button"
        className="button button--link button--sm"
        onClick={onClear}
        disabled={seen === 0 && answered === 0}
      >
        Clear progress
      </button>
    </section>
  );
}
