// Vitest setup file of the integration project: every test file starts with no app state left by
// the file before it (clients, caches, the tail hub), so each builds the app from its own settings.
import { forgetAppState } from "./app-state";

forgetAppState();
