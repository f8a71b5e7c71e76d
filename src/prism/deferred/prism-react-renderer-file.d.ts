// The package's own file, imported by path where its name means the stand-in (load-prism.ts).
declare module 'prism-react-renderer/dist/index.mjs' {
  export * from 'prism-react-renderer';
}
