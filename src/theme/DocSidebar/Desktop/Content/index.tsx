import type { WrapperProps } from '@docusaurus/types';
import Content from '@theme-original/DocSidebar/Desktop/Content';
import type ContentType from '@theme/DocSidebar/Desktop/Content';
import CourseProgress from '../../../../components/CourseProgress';

type Props = WrapperProps<typeof ContentType>;

/** The lesson list, followed by the learner's progress. */
export default function ContentWrapper(props: Props) {
  return (
    <>
      <Content {...props} />
      <CourseProgress />
    </>
  );
}
