import { openPopupState, PopupPage } from './PopupPage';
import '@/assets/design-tokens.css';
import '@/assets/extension-page.css';
import './popup.css';
import { render } from 'preact';

// The storage reads start as soon as the script runs, and the page is drawn once, with what they read
// (no empty frame first); after a failed read the page reads again itself.
const { first, watch } = openPopupState();
void first.then((state) => render(<PopupPage first={state} watch={watch} />, document.getElementById('app')!));
