import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LiveFunction, LiveManifest } from '../../dist/index.js';

/** A throwaway project directory holding handler sources. */
export class Project {
  private constructor(readonly root: string) {}

  static async create(): Promise<Project> {
    const root = await mkdtemp(path.join(tmpdir(), 'tether-runner-test-'));
    await writeFile(path.join(root, 'package.json'), '{"private":true}\n');
    return new Project(root);
  }

  /** Writes a source file; returns its absolute path. */
  async write(name: string, text: string): Promise<string> {
    const file = path.join(this.root, name);
    await writeFile(file, text);
    return file;
  }

  /** Saves as editors with "safe write" do: a new file renamed over. */
  async replace(name: string, text: string): Promise<string> {
    const file = path.join(this.root, name);
    await writeFile(`${file}.tmp`, text);
    await rename(`${file}.tmp`, file);
    return file;
  }

  /** A manifest function built from `file`'s `handler` export. */
  entry(
    id: string,
    file: string,
    options: Partial<LiveFunction> = {},
  ): LiveFunction {
    return {
      id,
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      memorySize: 256,
      timeout: 10,
      source: {
        kind: 'entry',
        entry: path.join(this.root, file),
        handler: 'handler',
      },
      ...options,
    };
  }

  async remove(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}

/** A manifest for app `app`, stage `dev`. */
export function manifestOf(functions: LiveFunction[]): LiveManifest {
  return { version: 1, app: 'app', stage: 'dev', functions };
}

/** Fixed credentials for signing against the fake relay. */
export const TEST_CREDENTIALS = Object.freeze({
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
});
