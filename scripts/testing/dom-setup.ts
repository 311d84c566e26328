// Vitest setup file of the dom project. Without vitest's globals, Testing Library cannot register
// its own cleanup: unmount whatever a test rendered when it ends, so no component (and no work
// React scheduled for it) outlives its test or the jsdom environment.
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

afterEach(() => {
  cleanup();
});
