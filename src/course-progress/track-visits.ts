import type { ClientModule } from '@docusaurus/types';
import { markVisited } from './progress';

/** A client module: records each lesson page the learner opens. */
const trackVisits: ClientModule = {
  onRouteDidUpdate({ location }) {
    if (location.pathname.startsWith('/lessons/')) markVisited(location.pathname.replace(/\/$/, ''));
  },
};

export default trackVisits;
