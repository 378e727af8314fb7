import '@/assets/design-tokens.css';
import '@/assets/extension-page.css';
import './popup.css';
import { render } from 'preact';
import { PopupPage } from './PopupPage';

render(<PopupPage />, document.getElementById('app')!);
