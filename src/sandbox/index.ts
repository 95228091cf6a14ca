/**
 * The built-in sandbox: a local server that speaks the OpenClinica participant API of the
 * contract, for trying the tool and for testing it without a real server.
 */
export { type FaultCounts, type FaultKind, faultKinds } from "./faults/kinds.js";
export type { SandboxFaults } from "./faults/schema.js";
export type { FaultSettings } from "./faults/settings.js";
export { loadFixture, parseFixture } from "./fixture/load.js";
export type {
  FixtureParticipant,
  FixtureSite,
  FixtureStudy,
  FixtureUser,
  RoleName,
  SandboxFixture,
  SandboxFixtureInput,
} from "./fixture/schema.js";
export type { SandboxRequest } from "./listener.js";
export { type Sandbox, type SandboxOptions, startSandbox } from "./server.js";
export type { SandboxParticipant } from "./state/store.js";
