// The console's shell: who is signed in, the header, and the screen of the current URL. An ended
// session (401 anywhere) opens a sign-in dialog over the screen instead of replacing it, so what
// the screen holds (unsaved edits above all) is still there after signing in again.

import { useEffect, useState } from 'preact/hooks';
import { currentSession, signOut } from './api/session.js';
import { describeError } from './api/describe-error.js';
import { HttpFailure } from './api/http.js';
import { hasDrafts, clearDrafts } from './drafts.js';
import { hrefOf, navigate, onLinkClick, useRoute, type Route } from './router.js';
import {
  sessionState,
  setSessionState,
  subscribeSession,
  type SessionState,
} from './session-state.js';
import { Screen } from './views/screen.js';
import { SessionDialog } from './views/session-dialog.js';
import { SignInScreen } from './views/sign-in-screen.js';

function useSession(): SessionState {
  const [state, setState] = useState(sessionState());
  useEffect(() => subscribeSession(setState), []);
  return state;
}

export function App() {
  const session = useSession();
  const route = useRoute();
  const [probeError, setProbeError] = useState<unknown>();

  useEffect(() => {
    currentSession().then(
      (user) =>
        setSessionState(user === undefined ? { kind: 'signed-out' } : { kind: 'signed-in', user }),
      (error: unknown) => {
        // A cookie whose session ended (expired, signed out elsewhere): sign in again.
        if (error instanceof HttpFailure && error.status === 401)
          setSessionState({ kind: 'signed-out', reason: 'Your session has ended; sign in again.' });
        else setProbeError(error);
      },
    );
  }, []);

  // Leaving the page with unsaved edits asks first (they live in this tab only).
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (hasDrafts()) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);

  // Signed out: the sign-in screen, with the screen asked for as where to go next.
  useEffect(() => {
    if (session.kind === 'signed-out' && route.screen !== 'sign-in')
      navigate(hrefOf({ screen: 'sign-in', next: location.pathname + location.search }), {
        replace: true,
      });
    if (session.kind === 'signed-in' && route.screen === 'sign-in')
      navigate(route.next, { replace: true });
  }, [session.kind, route]);

  useEffect(() => {
    document.title = titleOf(route);
  }, [route]);

  if (probeError !== undefined) {
    const failure = describeError(probeError);
    return (
      <main class="centered" id="main">
        <h1>Strata</h1>
        <div class="notice notice-error" role="alert">
          <p>{failure.title}</p>
          <p>{failure.action}</p>
          <button type="button" onClick={() => location.reload()}>
            Reload
          </button>
        </div>
      </main>
    );
  }
  if (session.kind === 'unknown')
    return (
      <main class="centered" id="main" aria-busy="true">
        <p>Loading...</p>
      </main>
    );
  if (session.kind === 'signed-out')
    return (
      <SignInScreen
        next={route.screen === 'sign-in' ? route.next : '/environments'}
        reason={session.reason}
      />
    );

  const user = session.user;
  const admin = user.organizations.filter((o) => o.role === 'admin');
  const end = async () => {
    try {
      await signOut();
    } catch {
      // Already ended on the server (or unreachable): the page forgets it either way.
    }
    clearDrafts();
    setSessionState({ kind: 'signed-out', reason: 'You signed out.' });
  };

  return (
    <div class="shell" onClick={onLinkClick}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="/environments">
          Strata
        </a>
        <nav aria-label="Main">
          <a
            href="/environments"
            aria-current={route.screen === 'environments' ? 'page' : undefined}
          >
            Environments
          </a>
          {admin.map((o) => (
            <a
              key={o.name}
              href={hrefOf({ screen: 'admin', org: o.name, tab: 'teams' })}
              aria-current={route.screen === 'admin' && route.org === o.name ? 'page' : undefined}
            >
              {admin.length > 1 ? `Admin (${o.name})` : 'Admin'}
            </a>
          ))}
        </nav>
        <div class="who">
          <span title={`signed in as ${user.login}`}>{user.name}</span>
          <button type="button" onClick={() => void end()}>
            Sign out
          </button>
        </div>
      </header>
      <Screen route={route} user={user} />
      {session.kind === 'ended' && <SessionDialog login={user.login} />}
    </div>
  );
}

function titleOf(route: Route): string {
  switch (route.screen) {
    case 'environments':
      return 'Environments - Strata';
    case 'sign-in':
      return 'Sign in - Strata';
    case 'editor':
      return `${route.env.project}/${route.env.name} - Strata`;
    case 'preview':
      return `Preview ${route.env.project}/${route.env.name} - Strata`;
    case 'revisions':
      return `Revisions of ${route.env.project}/${route.env.name} - Strata`;
    case 'admin':
      return `Admin ${route.org} - Strata`;
    case 'not-found':
      return 'Not found - Strata';
  }
}
