/** One step of a scenario: a line to type into the process that reads stdin, or a process to start. */
export type LabScenarioStep = string | { readonly start: string };
