import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, type Console } from './_browser.js';
import { serve, type Served } from './_serve.js';

// The web console in a real browser (Debian's chromium), against `strata serve` on loopback with
// a fresh store, walked as people would: with the keyboard where it matters, through URLs, the
// back button, a narrow window, a lost connection and an ended session. Every screen is captured
// into packages/web/screenshots/ for the README. At the end, every response the browser received
// is searched for the secrets: none may hold one but a reveal by someone who may open.

const browser = inject('browser');
/** How long a poll waits for the page (a check, a save) before failing. */
const WAIT = { timeout: 10_000 };
const SECRET = `aws-secret-${randomBytes(9).toString('hex')}`;

let server: Served;
let app: Console;
let admin: Page;
let jane: Page;
let janeToken: string;

/** Replaces the editor's text (as a paste would: no auto-indent). */
async function setDefinition(page: Page, text: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

async function checkStatus(page: Page, expected: string | RegExp): Promise<void> {
  await expect.poll(() => page.locator('.check-status').textContent(), WAIT).toMatch(expected);
}

/** Moves the mouse over `needle` in the editor line holding `line`. */
async function hoverText(page: Page, line: string, needle: string): Promise<void> {
  const box = await page.evaluate(
    ([line, needle]) => {
      const element = [...document.querySelectorAll('.cm-line')].find((l) =>
        l.textContent?.includes(line),
      );
      if (element === undefined) return undefined;
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      let offset = (element.textContent ?? '').indexOf(needle) + 1;
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const length = node.textContent?.length ?? 0;
        if (offset < length) {
          const range = document.createRange();
          range.setStart(node, offset);
          range.setEnd(node, offset + 1);
          const rect = range.getBoundingClientRect();
          return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
        }
        offset -= length;
      }
      return undefined;
    },
    [line, needle] as const,
  );
  if (box === undefined) throw new Error(`no ${needle} in the line of ${line}`);
  await page.mouse.move(box.x, box.y);
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

describe.skipIf(!browser.present)('the web console', () => {
  beforeAll(async () => {
    if (!browser.present) return;
    server = await serve('acme', 'alice');
    app = await launch(browser.path);
    admin = await app.person('alice');
  });

  // A failed step leaves a picture of the admin's page, to see what it showed.
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      await admin.screenshot({ path: join(tmpdir(), `strata-console-failed.png`) });
  });

  afterAll(async () => {
    await app?.close();
    await server?.stop();
  });

  it('signs in with the keyboard alone, and keeps no token in the page', async () => {
    await admin.goto(`${server.url}/environments`);
    // Signed out: the sign-in screen, remembering where to go next.
    await admin.getByLabel('Access token').waitFor();
    expect(new URL(admin.url()).pathname).toBe('/sign-in');
    await app.shot(admin, 'sign-in');
    // Tab from the top of the page reaches the field; Enter signs in.
    await admin.keyboard.press('Tab');
    expect(await admin.evaluate(() => document.activeElement?.id)).toBe('token');
    await admin.keyboard.type(server.adminToken);
    await admin.keyboard.press('Enter');
    await admin.getByRole('heading', { name: 'Environments' }).waitFor();
    expect(new URL(admin.url()).pathname).toBe('/environments');
    const stored = await admin.evaluate(() => ({
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      cookie: document.cookie,
    }));
    expect(stored).toEqual({ local: '{}', session: '{}', cookie: '' });
    const cookies = await admin.context().cookies();
    expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite])).toEqual([
      ['strata-session', true, 'Strict'],
    ]);
  });

  it('creates common/aws and checks its definition on every keystroke', async () => {
    await admin.getByRole('button', { name: 'New environment' }).click();
    await admin.getByLabel('Project').fill('common');
    await admin.getByLabel('Name').fill('aws');
    await admin.getByRole('button', { name: 'Create' }).click();
    await admin.locator('.cm-content').waitFor();
    expect(new URL(admin.url()).pathname).toBe('/environments/acme/common/aws');
    await setDefinition(
      admin,
      [
        'values:',
        '  aws:',
        '    region: us-west-2',
        '    accessKeyId: AKIAIOSFODNN7EXAMPLE',
        '    secretAccessKey:',
        `      fn::secret: ${SECRET}`,
        '  environmentVariables:',
        '    AWS_REGION: ${aws.region}',
        '    AWS_SECRET_ACCESS_KEY: ${aws.secretAccessKey}',
        '',
      ].join('\n'),
    );
    await checkStatus(admin, 'No problems');
    // A typo is an error at once, and goes when fixed.
    await admin.locator('.cm-line', { hasText: 'AWS_REGION' }).click();
    await admin.keyboard.press('End');
    await admin.keyboard.press('ArrowLeft');
    await admin.keyboard.press('Backspace');
    await checkStatus(admin, '1 error');
    await expect.poll(() => admin.locator('.cm-lintRange-error').count(), WAIT).toBeGreaterThan(0);
    await admin.keyboard.type('n');
    await checkStatus(admin, 'No problems');
    // The cursor on a reference says where it points.
    await expect
      .poll(() => admin.locator('.reference-status').textContent(), WAIT)
      .toBe('${aws.region} is defined at line 3 of this definition: "us-west-2"');
    await app.shot(admin, 'editor');
    await admin.keyboard.press('Control+s');
    await admin.getByText('Saved revision 2').waitFor();
    // The stored definition replaces the typed one: the secret is ciphertext in the editor now.
    await expect
      .poll(() => admin.locator('.cm-content').textContent(), WAIT)
      .toContain('ciphertext');
    expect(await admin.locator('.cm-content').textContent()).not.toContain(SECRET);
  });

  it('tags revision 2 as stable, after saying what it will do', async () => {
    await admin.getByRole('link', { name: 'Revisions', exact: true }).click();
    await admin.getByLabel('New tag').fill('stable');
    await admin.getByRole('button', { name: 'Create tag' }).click();
    const dialog = admin.getByRole('dialog');
    await expect
      .poll(() => dialog.textContent(), WAIT)
      .toContain('acme/common/aws@stable will open revision 2');
    await dialog.getByRole('button', { name: 'Create stable' }).click();
    await admin.getByText('Tag stable now points at revision 2.').waitFor();
  });

  it('adds Jane, grants the identity team open on common/aws, and lowers the default', async () => {
    await admin.getByRole('link', { name: 'Admin', exact: true }).click();
    await admin.getByRole('link', { name: 'Members', exact: true }).click();
    const addUser = admin.getByRole('form', { name: 'Add a user' });
    await addUser.getByLabel('Login').fill('jane');
    await addUser.getByLabel('Full name').fill('Jane Doe');
    await addUser.getByRole('button', { name: 'Add user' }).click();
    janeToken = await admin.getByLabel('The new token').inputValue();
    expect(janeToken).toMatch(/^strata_p_/);
    await admin.getByRole('button', { name: 'Done' }).click();
    await expect
      .poll(() => admin.locator('table.members').textContent(), WAIT)
      .toContain('Jane Doe');

    await admin.getByRole('link', { name: 'Teams', exact: true }).click();
    const newTeam = admin.getByRole('form', { name: 'New team' });
    await newTeam.getByLabel('Team name').fill('identity');
    await newTeam.getByLabel('Description').fill('The identity service');
    await newTeam.getByRole('button', { name: 'Create team' }).click();
    const team = admin.getByRole('region', { name: 'identity' });
    await team.getByLabel('Member to add').fill('jane');
    await team.getByRole('button', { name: 'Add member' }).click();
    await team.getByRole('button', { name: 'Remove jane' }).waitFor();
    const grant = team.getByRole('form', { name: 'Grant identity a permission' });
    await grant.getByLabel('Project').fill('common');
    await grant.getByLabel('Environment').fill('aws');
    await grant.getByLabel('Permission').selectOption('open');
    await grant.getByRole('button', { name: 'Grant' }).click();
    await expect
      .poll(() => team.getByLabel('Permission of identity on common/aws').inputValue(), WAIT)
      .toBe('open');
    await app.shot(admin, 'admin-teams');

    await admin.getByRole('link', { name: 'Default permission', exact: true }).click();
    await admin
      .getByRole('form', { name: 'Change the default permission' })
      .locator('select')
      .selectOption('none');
    await admin.getByRole('button', { name: 'Change' }).click();
    const dialog = admin.getByRole('dialog');
    await expect
      .poll(() => dialog.textContent(), WAIT)
      .toContain('will hold none (instead of write)');
    await dialog.getByRole('button', { name: 'Set none' }).click();
    await admin.getByText('Every member now holds none by default.').waitFor();
  });

  it('lets Jane open common/aws but not save it, saying why and keeping her edits', async () => {
    jane = await app.person('jane');
    await jane.goto(`${server.url}/`);
    await signIn(jane, janeToken);
    await jane.getByRole('link', { name: 'common/aws', exact: true }).waitFor();
    // No admin screen for her, and only what she may read.
    expect(await jane.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    expect(await jane.locator('.env-list li').count()).toBe(1);
    await jane.getByRole('link', { name: 'common/aws', exact: true }).click();
    await jane.locator('.cm-content').waitFor();
    await jane.locator('.cm-line', { hasText: 'region: us-west-2' }).click();
    await jane.keyboard.press('End');
    await jane.keyboard.type('x');
    await jane.getByRole('button', { name: 'Save' }).click();
    const alert = jane.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      'permission denied: write on acme/common/aws needs the write permission (you have open)',
    );
    expect(await alert.textContent()).toContain('Ask an admin of the organization');
    expect(await jane.locator('.cm-content').textContent()).toContain('region: us-west-2x');
    await app.shot(jane, 'editor-forbidden');
    await jane.getByRole('button', { name: 'Discard edits' }).click();
  });

  it('lets Jane create identity/common importing common/aws@stable, checked as she types', async () => {
    await jane.getByRole('link', { name: 'Environments', exact: true }).first().click();
    await jane.getByRole('button', { name: 'New environment' }).click();
    await jane.getByLabel('Project').fill('identity');
    await jane.getByLabel('Name').fill('common');
    await jane.getByRole('button', { name: 'Create' }).click();
    await jane.locator('.cm-content').waitFor();
    await setDefinition(
      jane,
      [
        'imports:',
        '  - common/aws@stable',
        'values:',
        '  service: identity',
        '  endpoint: https://${aws.regio}.example.com',
        '',
      ].join('\n'),
    );
    // The import was fetched and checked in the page: a wrong property of it is an error.
    await checkStatus(jane, '1 error');
    const problem = await jane.locator('.problems li').first().textContent();
    expect(problem).toContain('regio');
    await jane.locator('.cm-line', { hasText: 'endpoint' }).click();
    await jane.keyboard.press('End');
    for (let i = 0; i < '}.example.com'.length; i++) await jane.keyboard.press('ArrowLeft');
    await jane.keyboard.type('n');
    await checkStatus(jane, 'No problems');
    await hoverText(jane, 'endpoint', 'aws.region');
    const tooltip = jane.locator('.reference-tooltip');
    await tooltip.waitFor();
    expect(await tooltip.textContent()).toBe(
      '${aws.region} is defined at import common/aws@stable, line 3: "us-west-2"',
    );
    await app.shot(jane, 'editor-hover');
    await jane.getByRole('button', { name: 'Save' }).click();
    await jane.getByText('Saved revision 2').waitFor();
  });

  it('previews what it opens to, secrets as [secret] until revealed', async () => {
    await jane.getByRole('link', { name: 'Preview', exact: true }).click();
    await jane.getByRole('heading', { name: 'Environment variables' }).waitFor();
    const values = await jane.locator('pre.json').textContent();
    expect(JSON.parse(values ?? '')).toEqual({
      aws: {
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        region: 'us-west-2',
        secretAccessKey: '[secret]',
      },
      endpoint: 'https://us-west-2.example.com',
      environmentVariables: { AWS_REGION: 'us-west-2', AWS_SECRET_ACCESS_KEY: '[secret]' },
      service: 'identity',
    });
    expect(await jane.locator('table.projected').textContent()).toContain('AWS_REGION');
    await app.shot(jane, 'preview');
    await jane
      .getByRole('button', { name: 'Reveal environmentVariables.AWS_SECRET_ACCESS_KEY' })
      .click();
    await jane
      .getByRole('button', { name: 'Hide environmentVariables.AWS_SECRET_ACCESS_KEY' })
      .waitFor();
    expect(await jane.locator('table.projected').textContent()).toContain(SECRET);
    await jane
      .getByRole('button', { name: 'Hide environmentVariables.AWS_SECRET_ACCESS_KEY' })
      .click();
    expect(await jane.locator('table.projected').textContent()).not.toContain(SECRET);
  });

  it('moves stable, compares revisions and rolls back, each confirmed', async () => {
    await admin.goto(`${server.url}/environments/acme/common/aws`);
    await admin.locator('.cm-content').waitFor();
    await admin.locator('.cm-line', { hasText: 'us-west-2' }).click();
    await admin.keyboard.press('End');
    await admin.keyboard.press('Backspace');
    await admin.keyboard.type('1');
    await checkStatus(admin, 'No problems');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Saved revision 3').waitFor();

    await admin.getByRole('link', { name: 'Revisions', exact: true }).click();
    await admin.getByLabel('Move stable to revision').selectOption('3');
    await admin.getByRole('button', { name: 'Move stable' }).click();
    const move = admin.getByRole('dialog');
    await expect.poll(() => move.textContent(), WAIT).toContain('gets revision 3 instead of 2');
    await move.getByRole('button', { name: 'Move stable' }).click();
    await admin.getByText('Tag stable moved from revision 2 to 3.').waitFor();

    // Compare 2 with 3: the URL says so, and the diff shows the changed line.
    await admin.getByLabel('Compare from revision 1').check();
    await expect.poll(() => new URL(admin.url()).search, WAIT).toBe('?compare=1..3');
    await admin.getByLabel('Compare from revision 2').check();
    await expect.poll(() => new URL(admin.url()).search, WAIT).toBe('?compare=2..3');
    await expect
      .poll(() => admin.locator('.diff-del').textContent(), WAIT)
      .toContain('region: us-west-2');
    expect(await admin.locator('.diff-add').textContent()).toContain('region: us-west-1');
    await app.shot(admin, 'revisions');

    await admin.getByRole('button', { name: 'Roll back to 2' }).click();
    const rollback = admin.getByRole('dialog');
    await expect
      .poll(() => rollback.textContent(), WAIT)
      .toContain('This saves a new revision, 4, with the definition of revision 2.');
    await rollback.getByRole('button', { name: 'Roll back to 2' }).click();
    await admin.getByText('Rolled back: revision 4 has the definition of revision 2.').waitFor();
    await expect.poll(() => admin.locator('table.revisions tbody tr').count(), WAIT).toBe(4);

    // Retracting revision 3 moves stable back to the newest earlier revision.
    await admin.getByRole('button', { name: 'Retract 3' }).click();
    const retract = admin.getByRole('dialog');
    await retract.getByLabel('Reason').fill('wrong region');
    await retract.getByRole('button', { name: 'Retract 3' }).click();
    await admin.getByText('Revision 3 is retracted; its tags now point at revision 2.').waitFor();
    await expect
      .poll(() => admin.locator('table.revisions tbody tr.retracted').textContent(), WAIT)
      .toContain('retracted');
  });

  it('shows the audit log to the admin, filtered by actor and action in the URL', async () => {
    await admin.getByRole('link', { name: 'Admin', exact: true }).click();
    await admin.getByRole('link', { name: 'Audit log', exact: true }).click();
    const filters = admin.getByRole('form', { name: 'Filter the audit log' });
    await filters.getByLabel('Actor').fill('jane');
    await filters.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => new URL(admin.url()).search, WAIT).toBe('?actor=jane');
    const rows = admin.locator('table.audit tbody tr');
    await expect.poll(() => rows.count(), WAIT).toBeGreaterThan(0);
    const actors = await admin.locator('table.audit tbody tr td:nth-child(2)').allTextContents();
    expect(new Set(actors)).toEqual(new Set(['jane']));
    // Her refused save is there, marked as refused.
    const denied = await admin.locator('table.audit tbody tr.denied').allTextContents();
    expect(denied.some((row) => row.includes('write') && row.includes('common/aws'))).toBe(true);
    await app.shot(admin, 'admin-audit');

    await filters.getByLabel('Actor').fill('');
    await filters.getByLabel('Action').fill('tag');
    await filters.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => new URL(admin.url()).search, WAIT).toBe('?action=tag');
    await expect
      .poll(
        async () =>
          new Set(await admin.locator('table.audit tbody tr td:nth-child(3)').allTextContents()),
        WAIT,
      )
      .toEqual(new Set(['tag']));
    await admin.goBack();
    await expect.poll(() => new URL(admin.url()).search, WAIT).toBe('?actor=jane');
  });

  it('creates an organization token shown once, and revokes it after asking', async () => {
    await admin.getByRole('link', { name: 'Tokens', exact: true }).click();
    const orgTokens = admin.getByRole('region', { name: 'Organization tokens of acme' });
    await orgTokens.getByLabel('Token name').fill('deploy');
    await orgTokens.getByRole('button', { name: 'Create token' }).click();
    expect(await admin.getByLabel('The new token').inputValue()).toMatch(/^strata_o_/);
    await admin.getByRole('button', { name: 'Done' }).click();
    expect(await admin.getByLabel('The new token').count()).toBe(0);
    await orgTokens.getByRole('button', { name: 'Revoke deploy' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Revoke deploy' }).click();
    await expect.poll(() => orgTokens.textContent(), WAIT).toContain('None.');
  });

  it('can be walked with the keyboard: links, tabs and the editor', async () => {
    await admin.goto(`${server.url}/environments`);
    await admin.getByRole('link', { name: 'identity/common', exact: true }).waitFor();
    const focused = () => admin.evaluate(() => document.activeElement?.textContent ?? '');
    for (let i = 0; i < 30 && (await focused()) !== 'identity/common'; i++)
      await admin.keyboard.press('Tab');
    expect(await focused()).toBe('identity/common');
    await admin.keyboard.press('Enter');
    await admin.locator('.cm-content').waitFor();
    expect(new URL(admin.url()).pathname).toBe('/environments/acme/identity/common');
    for (let i = 0; i < 30 && (await focused()) !== 'Preview'; i++)
      await admin.keyboard.press('Tab');
    await admin.keyboard.press('Enter');
    await admin.getByRole('heading', { name: 'Values' }).waitFor();
  });

  it('has a URL for every screen, and the back button walks them', async () => {
    await admin.goto(`${server.url}/environments?q=identity`);
    await admin.getByRole('link', { name: 'identity/common', exact: true }).waitFor();
    expect(await admin.getByRole('link', { name: 'common/aws', exact: true }).count()).toBe(0);
    await app.shot(admin, 'environments');
    await admin.getByRole('link', { name: 'Preview identity/common' }).click();
    await admin.getByRole('heading', { name: 'Values' }).waitFor();
    await admin.getByRole('link', { name: 'Revisions', exact: true }).click();
    await admin.locator('table.revisions').waitFor();
    await admin.goBack();
    await admin.getByRole('heading', { name: 'Values' }).waitFor();
    expect(new URL(admin.url()).pathname).toBe('/environments/acme/identity/common/preview');
    await admin.goBack();
    await admin.getByRole('link', { name: 'identity/common', exact: true }).waitFor();
    expect(await admin.getByLabel('Search').inputValue()).toBe('identity');
    await admin.reload();
    await admin.getByRole('link', { name: 'identity/common', exact: true }).waitFor();
  });

  it('says what a 404 means and what to do', async () => {
    await admin.goto(`${server.url}/environments/acme/nope/missing`);
    const alert = admin.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('environment acme/nope/missing not found');
    expect(await alert.textContent()).toContain('ask an admin for access');
  });

  it('keeps unsaved edits through a lost connection', async () => {
    await admin.goto(`${server.url}/environments/acme/identity/common`);
    await admin.locator('.cm-content').waitFor();
    await admin.locator('.cm-line', { hasText: 'service: identity' }).click();
    await admin.keyboard.press('End');
    await admin.keyboard.type('-v2');
    await admin.context().setOffline(true);
    await admin.getByRole('button', { name: 'Save' }).click();
    const alert = admin.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Lost the connection to the Strata server.');
    expect(await alert.textContent()).toContain('Your unsaved edits are kept in this tab.');
    expect(await admin.locator('.cm-content').textContent()).toContain('service: identity-v2');
    await admin.context().setOffline(false);
    await admin.getByRole('button', { name: 'Try again' }).click();
    await admin.getByText('Saved revision 3').waitFor();
  });

  it('keeps unsaved edits through an ended session, signing in again on top of them', async () => {
    await admin.locator('.cm-line', { hasText: 'service: identity-v2' }).click();
    await admin.keyboard.press('End');
    await admin.keyboard.type('-edited');
    // Signed out from another tab: this one's session is gone on the server.
    const other = await admin.context().newPage();
    await other.goto(`${server.url}/environments`);
    await other.getByRole('button', { name: 'Sign out' }).click();
    await other.getByLabel('Access token').waitFor();
    await other.close();
    await admin.getByRole('button', { name: 'Save' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Your session has ended' });
    await dialog.waitFor();
    await app.shot(admin, 'session-ended');
    await dialog.getByLabel('Access token').fill(server.adminToken);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await admin.locator('.cm-content').textContent()).toContain(
      'service: identity-v2-edited',
    );
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Saved revision 4').waitFor();
  });

  it('shows a conflicting save as a diff and lets the user merge by hand', async () => {
    const bob = await app.person('alice-laptop');
    await bob.goto(`${server.url}/environments/acme/identity/common`);
    await signIn(bob, server.adminToken);
    await bob.locator('.cm-content').waitFor();
    await admin.locator('.cm-line', { hasText: 'service:' }).click();
    await admin.keyboard.press('End');
    await admin.keyboard.type('-mine');
    await bob.locator('.cm-line', { hasText: 'endpoint' }).click();
    await bob.keyboard.press('End');
    await bob.keyboard.type('/theirs');
    await bob.getByRole('button', { name: 'Save' }).click();
    await bob.getByText('Saved revision 5').waitFor();

    await admin.getByRole('button', { name: 'Save' }).click();
    const conflict = admin.getByRole('region', {
      name: 'Revision 5 was saved while you were editing',
    });
    await conflict.waitFor();
    expect(await conflict.locator('.diff-add').textContent()).toContain('/theirs');
    await app.shot(admin, 'conflict');
    await conflict.getByRole('button', { name: /base my save on revision 5/ }).click();
    await admin.locator('.cm-line', { hasText: 'endpoint' }).click();
    await admin.keyboard.press('End');
    await admin.keyboard.type('/theirs');
    await checkStatus(admin, 'No problems');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Saved revision 6').waitFor();
    const text = await admin.locator('.cm-content').textContent();
    expect(text).toContain('identity-v2-edited-mine');
    expect(text).toContain('example.com/theirs');
  });

  it('asks to sign in again when a reloaded page finds its session ended', async () => {
    const context = admin.context();
    const kept = await context.cookies();
    const other = await context.newPage();
    await other.goto(`${server.url}/environments`);
    await other.getByRole('button', { name: 'Sign out' }).click();
    await other.getByLabel('Access token').waitFor();
    await other.close();
    // The old cookie comes back (another copy of it, say): the server refuses it.
    await context.addCookies(kept);
    await admin.goto(`${server.url}/environments/acme/common/aws/revisions`);
    await admin.getByText('Your session has ended; sign in again.').waitFor();
    await signIn(admin, server.adminToken);
    await expect
      .poll(() => new URL(admin.url()).pathname, WAIT)
      .toBe('/environments/acme/common/aws/revisions');
  });

  it('works in a narrow window', async () => {
    const phone = await app.person('alice-phone', { width: 390, height: 800 });
    await phone.goto(`${server.url}/environments`);
    await signIn(phone, server.adminToken);
    for (const path of [
      '/environments',
      '/environments/acme/common/aws',
      '/environments/acme/identity/common/preview',
      '/environments/acme/common/aws/revisions',
    ]) {
      await phone.goto(`${server.url}${path}`);
      await phone.getByRole('button', { name: 'Sign out' }).waitFor();
      await phone.waitForLoadState('networkidle');
      const overflow = await phone.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect([path, overflow]).toEqual([path, 0]);
    }
    await phone.goto(`${server.url}/environments/acme/common/aws`);
    await phone.locator('.cm-content').waitFor();
    await app.shot(phone, 'narrow-editor');
  });

  it('sent no secret to the browser but the one revealed', async () => {
    await app.settled();
    expect(app.errors).toEqual([]);
    const holding = app.received.filter((r) => r.body.includes(SECRET));
    expect(holding.map((r) => [r.user, r.method, new URL(r.url).pathname, r.request])).toEqual([
      [
        'jane',
        'POST',
        '/api/console/preview',
        JSON.stringify({
          env: 'acme/identity/common',
          reveal: ['environmentVariables.AWS_SECRET_ACCESS_KEY'],
        }),
      ],
    ]);
    // The session secret and the token are in no body either (the cookie is HttpOnly).
    expect(app.received.filter((r) => r.body.includes(server.adminToken))).toEqual([]);
    expect(app.received.some((r) => /strata_s_[A-Za-z0-9_-]{43}/.test(r.body))).toBe(false);
  });
});
