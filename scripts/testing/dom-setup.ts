// Vitest setup file of the dom project. Without vitest's globals, Testing Library cannot register
// its own cleanup: unmount whatever a test rendered when it ends, so no component (and no work
// React scheduled for it) outlives its test or the jsdom environment.
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// waitFor's default of 1 s is a timing assertion in disguise: these hooks talk to real servers on
// a machine that may be busy (CI runs everything at once). Wait as long as it takes, within reason.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
});
