import '@/assets/design-tokens.css';
import '@/assets/extension-page.css';
import './hunt.css';
import { render } from 'preact';
import { HuntPage } from './HuntPage';

render(<HuntPage />, document.getElementById('app')!);
