/**
 * The current experiment config: config/training.yml, watched (fs.watch on its folder, debounced).
 * A valid change becomes current and is pushed to subscribers; an invalid change keeps the last good
 * config and exposes the issues with their key paths. save() writes atomically and becomes current.
 */
import { existsSync, readFileSync, watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { configHash, configToYaml, defaultConfig, parseConfigText, updateConfigYaml } from '@skippy/core/config';
import type { ExperimentConfig } from '@skippy/core/config';
import { writeFileAtomic } from '@skippy/io';
import { AsyncQueue } from './asyncQueue.ts';
import type { ConfigService, ConfigState } from './types.ts';

export interface ConfigStoreOptions {
  path: string;
  /** Debounce of file events. @default 100 */
  debounceMs?: number;
  now?: () => number;
}

export class ConfigStore implements ConfigService {
  private state: ConfigState;
  private lastText: string | null = null;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly subscribers = new Set<AsyncQueue<ConfigState>>();
  private readonly now: () => number;

  constructor(private readonly opts: ConfigStoreOptions) {
    this.now = opts.now ?? Date.now;
    const config = defaultConfig();
    this.state = { path: opts.path, config, hash: configHash(config), yaml: configToYaml(config), error: null, updatedAt: this.now() };
    this.reload(false);
  }

  /** Starts watching the file's folder (editors often replace the file, which a file watch would lose). */
  watch(): void {
    if (this.watcher) return;
    const name = basename(this.opts.path);
    this.watcher = watch(dirname(this.opts.path), (_event, file) => {
      if (file !== null && file.toString() !== name) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => { this.timer = null; this.reload(true); }, this.opts.debounceMs ?? 100);
    });
    this.watcher.on('error', () => { /* the folder went away; keep the last good config */ });
  }

  private reload(notify: boolean): void {
    if (!existsSync(this.opts.path)) return;
    let text: string;
    try {
      text = readFileSync(this.opts.path, 'utf8');
    } catch {
      return;
    }
    if (text === this.lastText) return;
    this.lastText = text;
    const r = parseConfigText(text, this.opts.path);
    const at = this.now();
    this.state = r.ok
      ? { path: this.opts.path, config: r.config, hash: r.hash, yaml: text, error: null, updatedAt: at }
      : { ...this.state, error: { issues: r.issues, at }, updatedAt: at };
    if (notify) for (const q of this.subscribers) q.push(this.state);
  }

  current(): ConfigState {
    return this.state;
  }

  save(config: ExperimentConfig): ConfigState {
    // an edit of the file as it is on disk: comments, layout and implicit defaults survive the save
    const text = updateConfigYaml(this.lastText, config);
    writeFileAtomic(this.opts.path, text);
    this.lastText = text;
    this.state = { path: this.opts.path, config, hash: configHash(config), yaml: text, error: null, updatedAt: this.now() };
    for (const q of this.subscribers) q.push(this.state);
    return this.state;
  }

  subscribe(signal: AbortSignal | undefined): AsyncIterable<ConfigState> {
    const q: AsyncQueue<ConfigState> = new AsyncQueue<ConfigState>(signal, () => this.subscribers.delete(q));
    q.push(this.state);
    this.subscribers.add(q);
    return q;
  }

  close(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.timer) clearTimeout(this.timer);
    for (const q of this.subscribers) q.close();
    this.subscribers.clear();
  }
}
