declare module '@course-map' {
  /** The course's lessons, made at build time by plugins/course-map. */
  const courseMap: import('./course-map-types').CourseMap;
  export default courseMap;
}
