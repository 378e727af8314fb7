import { render } from 'preact';
render(<p>Handoff</p>, document.getElementById('app')!);
