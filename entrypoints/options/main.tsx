import '@/assets/design-tokens.css';
import '@/assets/extension-page.css';
import './options.css';
import { render } from 'preact';
import { OptionsPage } from './OptionsPage';

render(<OptionsPage />, document.getElementById('app')!);
