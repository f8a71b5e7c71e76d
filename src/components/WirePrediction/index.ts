export { default } from './WirePrediction';
export { default as WireGrades } from './WireGrades';
export { WirePredictionContext } from './context';
export { WirePredictionStore } from './wire-store';
