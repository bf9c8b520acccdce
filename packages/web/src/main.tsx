// The console's entry: renders the app into the page. Everything else loads from here; the
// editor (CodeMirror and the evaluator) loads only when an editor is opened.
import { render } from 'preact';
import { App } from './app.js';
import './styles.css';

render(<App />, document.getElementById('app')!);
