export default defineBackground(() => {
  // Wired up by later features (sync, messages); the worker must start cleanly on its own.
});
