export * from "./codes.js";
export * from "./paths.js";
export * from "./rules.js";
