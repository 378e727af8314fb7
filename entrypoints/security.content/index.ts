export default defineContentScript({
  matches: ['https://security.microsoft.com/*'],
  main() {},
});
