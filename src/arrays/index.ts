// The array helpers of the public surface.
export { mean, sd, standardise, type Numeric } from "./statistics.js";
