// The screen of a route. The editor's code (CodeMirror and the evaluator) loads on first use, so
// the first screen stays small.

import type { ComponentType } from 'preact';
import type { Route } from '../router.js';
import type { SignedIn } from '../session-state.js';
import { AdminScreen } from './admin-screen.js';
import { EnvironmentFrame } from './environment-frame.js';
import { EnvironmentsScreen } from './environments-screen.js';
import { FailureNotice } from './failure-notice.js';
import { PreviewScreen } from './preview-screen.js';
import { RevisionsScreen } from './revisions-screen.js';
import { useAsync } from './use-async.js';
import type { EnvPath } from '../router.js';

type EditorProps = { env: EnvPath; user: SignedIn };
let editorModule: Promise<ComponentType<EditorProps>> | undefined;
const loadEditor = () =>
  (editorModule ??= import('../editor/editor-screen.js').then((m) => m.EditorScreen));

function LazyEditor(props: EditorProps) {
  const loaded = useAsync(loadEditor, []);
  if (loaded.state === 'failed')
    return (
      <FailureNotice
        error={loaded.error}
        retry={() => {
          editorModule = undefined;
          loaded.reload();
        }}
      />
    );
  if (loaded.state === 'loading') return <p aria-busy="true">Loading the editor...</p>;
  const Editor = loaded.data;
  return <Editor {...props} />;
}

export function Screen(props: { route: Route; user: SignedIn }) {
  const { route, user } = props;
  switch (route.screen) {
    case 'environments':
    case 'sign-in':
      return (
        <EnvironmentsScreen
          query={route.screen === 'environments' ? route.query : ''}
          user={user}
        />
      );
    case 'editor':
      return (
        <EnvironmentFrame env={route.env} tab="editor">
          <LazyEditor env={route.env} user={user} />
        </EnvironmentFrame>
      );
    case 'preview':
      return (
        <EnvironmentFrame env={route.env} tab="preview">
          <PreviewScreen env={route.env} revision={route.revision} />
        </EnvironmentFrame>
      );
    case 'revisions':
      return (
        <EnvironmentFrame env={route.env} tab="revisions">
          <RevisionsScreen env={route.env} compare={route.compare} />
        </EnvironmentFrame>
      );
    case 'admin':
      return <AdminScreen org={route.org} tab={route.tab} filters={route.filters} user={user} />;
    case 'not-found':
      return (
        <main id="main" class="page">
          <h1>No such page</h1>
          <p>
            Nothing lives at <code>{route.path}</code>. Go to the{' '}
            <a href="/environments">environments</a>.
          </p>
        </main>
      );
  }
}
