// The definition editor: CodeMirror 6 with YAML highlighting, diagnostics from a check of every
// change (the latest text wins; a check in flight is never interrupted), a tooltip on `${...}`
// saying where it points, and the same for the reference under the cursor in a status line that
// keyboard users and screen readers get. Each finished check dispatches `strata-check` on the
// editor with how long it took since the keystroke (the bench reads it).

import { useEffect, useRef } from 'preact/hooks';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import {
  bracketMatching,
  defaultHighlightStyle,
  indentOnInput,
  syntaxHighlighting,
} from '@codemirror/language';
import {
  lintGutter,
  lintKeymap,
  setDiagnostics,
  type Diagnostic as CmDiagnostic,
} from '@codemirror/lint';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { Annotation, EditorState, type Text } from '@codemirror/state';
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  hoverTooltip,
  keymap,
  lineNumbers,
  ViewPlugin,
  type ViewUpdate,
} from '@codemirror/view';
import type { Diagnostic } from '@strata/core';
import type { BrowserCheck } from './check-in-browser.js';
import { findReference, type ReferenceTarget } from './find-reference.js';
import { offsetOf, positionOf } from './source-offsets.js';

/** Marks text set from outside (a reload after a save): not an edit of the user's. */
const fromOutside = Annotation.define<boolean>();

export interface CheckedText {
  readonly text: string;
  readonly check: BrowserCheck;
}

export interface YamlEditorProps {
  readonly text: string;
  readonly label: string;
  readonly readOnly?: boolean;
  readonly check: (text: string) => Promise<BrowserCheck>;
  readonly onChange: (text: string) => void;
  readonly onChecked: (checked: CheckedText) => void;
  readonly onSave?: () => void;
  readonly onReference: (target: ReferenceTarget | undefined) => void;
}

/** Core diagnostics as CodeMirror's: ranges of imports' problems land on the import's line. */
function toCodeMirror(doc: Text, check: BrowserCheck, root: string): CmDiagnostic[] {
  const imports = check.declaration?.imports ?? [];
  return check.diagnostics.map((d: Diagnostic) => {
    let range = d.range;
    let message = d.summary;
    if (range !== undefined && range.filename !== root) {
      const via = imports.find((i) => i.name === range!.filename);
      message = `in ${range.filename}: ${d.summary}`;
      range = via?.range;
    }
    let from = range === undefined ? 0 : offsetOf(doc, range.start);
    let to = range === undefined ? 0 : offsetOf(doc, range.end);
    if (to <= from) {
      const line = doc.lineAt(from);
      from = line.from;
      to = Math.max(line.to, from);
    }
    return { from, to, severity: d.severity, message, source: d.code };
  });
}

export function describeReference(target: ReferenceTarget): string {
  if (target.definedIn === undefined) return `\${${target.path}} points at nothing defined`;
  const where = target.definedIn.self
    ? `line ${target.definedIn.line} of this definition`
    : `import ${target.definedIn.name}, line ${target.definedIn.line}`;
  return `\${${target.path}} is defined at ${where}: ${target.value ?? ''}`;
}

export function YamlEditor(props: YamlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | undefined>(undefined);
  // The latest props, for the editor's callbacks (it is created once).
  const current = useRef(props);
  current.current = props;

  useEffect(() => {
    let last: CheckedText | undefined;
    let running = false;
    let again = false;
    let changedAt = performance.now();

    const referenceAt = (state: EditorState, pos: number): ReferenceTarget | undefined => {
      if (last === undefined || last.text !== state.doc.toString()) return undefined;
      const declaration = last.check.declaration;
      if (declaration === undefined) return undefined;
      return findReference(declaration, last.check.value, positionOf(state.doc, pos));
    };

    const run = async (editor: EditorView): Promise<void> => {
      running = true;
      const text = editor.state.doc.toString();
      const started = changedAt;
      try {
        const check = await current.current.check(text);
        if (editor.state.doc.toString() === text) {
          last = { text, check };
          const root = check.declaration?.name ?? '';
          editor.dispatch(
            setDiagnostics(editor.state, toCodeMirror(editor.state.doc, check, root)),
          );
          current.current.onChecked(last);
          current.current.onReference(referenceAt(editor.state, editor.state.selection.main.head));
          const ms = performance.now() - started;
          editor.dom.dispatchEvent(
            new CustomEvent('strata-check', { detail: { ms, count: check.diagnostics.length } }),
          );
        }
      } catch {
        // A check that failed (an import unreachable) leaves the last diagnostics; the next change retries.
      } finally {
        running = false;
      }
      if (again) {
        again = false;
        void run(editor);
      }
    };

    const checker = ViewPlugin.define((editor) => {
      void run(editor);
      return {
        update(update: ViewUpdate) {
          if (update.docChanged) {
            changedAt = performance.now();
            if (!update.transactions.some((t) => t.annotation(fromOutside) === true))
              current.current.onChange(update.state.doc.toString());
            if (running) again = true;
            else void run(update.view);
          } else if (update.selectionSet) {
            current.current.onReference(
              referenceAt(update.state, update.state.selection.main.head),
            );
          }
        },
      };
    });

    const hover = hoverTooltip((editor, pos) => {
      const target = referenceAt(editor.state, pos);
      if (target === undefined) return null;
      return {
        pos: offsetOf(editor.state.doc, { ...target.from, byte: 0 }),
        end: offsetOf(editor.state.doc, { ...target.to, byte: 0 }),
        above: true,
        create: () => {
          const dom = document.createElement('div');
          dom.className = 'reference-tooltip';
          dom.textContent = describeReference(target);
          return { dom };
        },
      };
    });

    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: props.text,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          highlightActiveLine(),
          highlightSelectionMatches(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          yaml(),
          lintGutter(),
          EditorView.lineWrapping,
          EditorState.tabSize.of(2),
          EditorState.readOnly.of(props.readOnly === true),
          EditorView.contentAttributes.of({ 'aria-label': props.label }),
          keymap.of([
            {
              key: 'Mod-s',
              preventDefault: true,
              run: () => {
                current.current.onSave?.();
                return true;
              },
            },
            ...defaultKeymap,
            ...historyKeymap,
            ...searchKeymap,
            ...lintKeymap,
            indentWithTab,
          ]),
          checker,
          hover,
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
    // The editor is created once; new text from outside goes through the effect below.
  }, []);

  // Text replaced from outside (a reload after a save, a discard): the editor takes it.
  useEffect(() => {
    const editor = view.current;
    if (editor === undefined || editor.state.doc.toString() === props.text) return;
    editor.dispatch({
      changes: { from: 0, to: editor.state.doc.length, insert: props.text },
      annotations: fromOutside.of(true),
    });
  }, [props.text]);

  return <div class="yaml-editor" ref={host} />;
}
