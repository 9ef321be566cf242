// Runs the real helm and kubeconform (built by scripts/k8s-tools.sh) on the chart, offline.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const repo = join(__dirname, '../..');
export const chartDir = join(repo, 'deploy/helm/charts-vibe');
export const productionValues = join(chartDir, 'ci/production-values.yaml');
export const schemasDir = join(repo, 'deploy/kubernetes-schemas');
export const RELEASE = 'charts-vibe';
export const NAMESPACE = 'pipeline';

// Rendered objects are read loosely: the assertions say what must hold.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

/** A Kubernetes object as rendered. */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; [key: string]: Loose };
  [key: string]: Loose;
};

export interface Values {
  files?: string[];
  set?: string[];
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

let bin = '';
// helm keeps its config and caches out of $HOME, so the tests neither read nor write a user's.
const helmHome = mkdtempSync(join(tmpdir(), 'charts-vibe-helm-'));
const helmEnv = {
  ...process.env,
  HELM_CACHE_HOME: join(helmHome, 'cache'),
  HELM_CONFIG_HOME: join(helmHome, 'config'),
  HELM_DATA_HOME: join(helmHome, 'data'),
  KUBECONFIG: join(helmHome, 'no-cluster'),
};

/** Removes helm's scratch config and caches (afterAll). */
export function removeScratch(): void {
  rmSync(helmHome, { recursive: true, force: true });
}

/** Builds helm and kubeconform on first use (minutes), then only finds them. */
export function ensureTools(): void {
  bin = execFileSync('bash', [join(repo, 'scripts/k8s-tools.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

function run(tool: 'helm' | 'kubeconform', args: string[], input?: string): Run {
  if (!bin) throw new Error('call ensureTools() first');
  const result = spawnSync(join(bin, tool), args, { encoding: 'utf8', env: helmEnv, input, maxBuffer: 64 << 20 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function valueArgs(values: Values): string[] {
  return [...(values.files ?? []).flatMap((file) => ['-f', file]), ...(values.set ?? []).flatMap((s) => ['--set', s])];
}

export function lint(values: Values = {}): Run {
  return run('helm', ['lint', '--strict', chartDir, ...valueArgs(values)]);
}

/** `helm template` as text; the Run carries helm's error message when the values are refused. */
export function template(values: Values = {}, dir = chartDir): Run {
  return run('helm', ['template', RELEASE, dir, '--namespace', NAMESPACE, ...valueArgs(values)]);
}

export function parseManifests(text: string): Manifest[] {
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((doc): doc is Manifest => doc !== null);
}

export function render(values: Values = {}): Manifest[] {
  const result = template(values);
  if (result.status !== 0) throw new Error(`helm template failed: ${result.stderr}`);
  return parseManifests(result.stdout);
}

export interface KubeconformSummary {
  valid: number;
  invalid: number;
  errors: number;
  skipped: number;
}

/** kubeconform -strict against the committed schemas only (no network). */
export function kubeconform(manifests: string): {
  summary: KubeconformSummary;
  problems: string[];
  status: number | null;
} {
  const location = join(schemasDir, '{{ .ResourceKind }}{{ .KindSuffix }}.json');
  const result = run(
    'kubeconform',
    ['-strict', '-summary', '-output', 'json', '-schema-location', location, '-'],
    manifests,
  );
  const report = JSON.parse(result.stdout) as {
    resources: { kind: string; name: string; status: string; msg?: string }[];
    summary: KubeconformSummary;
  };
  const problems = report.resources
    .filter((r) => r.status !== 'statusValid')
    .map((r) => `${r.kind}/${r.name}: ${r.status} ${r.msg ?? ''}`);
  return { summary: report.summary, problems, status: result.status };
}

/** NOTES.txt rendered by the real helm: a copy of the chart renders it into a ConfigMap. */
export function renderNotes(values: Values = {}): string {
  const copy = mkdtempSync(join(tmpdir(), 'charts-vibe-notes-'));
  try {
    const dir = join(copy, 'charts-vibe');
    cpSync(chartDir, dir, { recursive: true });
    mkdirSync(join(dir, 'notes'));
    renameSync(join(dir, 'templates/NOTES.txt'), join(dir, 'notes/NOTES.txt'));
    writeFileSync(
      join(dir, 'templates/notes-rendered.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: notes}\ndata:\n  notes: {{ tpl (.Files.Get "notes/NOTES.txt") . | quote }}\n',
    );
    const result = template(values, dir);
    if (result.status !== 0) throw new Error(`helm template failed: ${result.stderr}`);
    const notes = parseManifests(result.stdout).find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'notes');
    return String(notes?.data.notes);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

type PodSpec = Record<string, Loose>;

/** Every pod template in the manifests, with the object that owns it. */
export function podSpecs(manifests: Manifest[]): { owner: string; spec: PodSpec }[] {
  return manifests.flatMap((m) => {
    const owner = `${m.kind}/${m.metadata.name}`;
    switch (m.kind) {
      case 'Deployment':
      case 'Job':
        return [{ owner, spec: m.spec.template.spec }];
      case 'CronJob':
        return [{ owner, spec: m.spec.jobTemplate.spec.template.spec }];
      case 'Pod':
        return [{ owner, spec: m.spec }];
      default:
        return [];
    }
  });
}

export function byKind(manifests: Manifest[], kind: string): Manifest[] {
  return manifests.filter((m) => m.kind === kind);
}

export function named(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found)
    throw new Error(`no ${kind}/${name} among ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
  return found;
}

/** The env entries of a Deployment's single container, by name. */
export function containerEnv(deployment: Manifest): Map<string, { value?: string; valueFrom?: PodSpec }> {
  const [container] = deployment.spec.template.spec.containers;
  return new Map((container.env ?? []).map((e: { name: string }) => [e.name, e]));
}
