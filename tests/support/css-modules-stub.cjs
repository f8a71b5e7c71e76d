// Lets component tests import components that import CSS modules: `styles.foo` is "foo".
require.extensions['.css'] = (module) => {
  module.exports = new Proxy({}, { get: (_target, key) => (key === '__esModule' ? false : String(key)) });
};
