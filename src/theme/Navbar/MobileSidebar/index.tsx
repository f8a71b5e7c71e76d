import { useNavbarMobileSidebar } from '@docusaurus/theme-common/internal';
import MobileSidebar from '@theme-original/Navbar/MobileSidebar';

/**
 * The phone menu, rendered only while it is open. Docusaurus keeps it rendered (closed, just
 * off the left edge) on every phone page view. Its links then touch the viewport's edge, which
 * counts as "in view" for the links' prefetching: every page load rendered the whole course
 * menu after hydration and prefetched every lesson's chunks (about 170 `<link rel=prefetch>`),
 * a good part of the main-thread work Lighthouse counted on mobile. Opened, it prefetches
 * the lessons it shows, as on desktop.
 */
export default function MobileSidebarWhenOpen() {
  const { shown } = useNavbarMobileSidebar();
  return shown ? <MobileSidebar /> : null;
}
