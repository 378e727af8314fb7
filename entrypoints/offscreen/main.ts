// Chromium's MSAL host: MSAL refuses the service worker, so it runs here (reason LOCAL_STORAGE).
import { serveAuthHost } from '@/utils/auth/serve-auth-host';

serveAuthHost();
