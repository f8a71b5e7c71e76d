/** A browser-like global environment (jsdom) for component tests. Import it first. */
import 'global-jsdom/register';

// React's act() environment flag, so that updates are flushed inside act().
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
