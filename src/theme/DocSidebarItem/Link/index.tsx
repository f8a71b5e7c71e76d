import type { WrapperProps } from '@docusaurus/types';
import Link from '@theme-original/DocSidebarItem/Link';
import type LinkType from '@theme/DocSidebarItem/Link';
import clsx from 'clsx';
import { useProgress } from '../../../course-progress/useProgress';

type Props = WrapperProps<typeof LinkType>;

/** A sidebar link that shows a check mark once the learner has visited the lesson. */
export default function LinkWrapper(props: Props) {
  const { visited } = useProgress();
  const seen = visited.has(props.item.href);
  return <Link {...props} item={{ ...props.item, className: clsx(props.item.className, seen && 'lesson-visited') }} />;
}
