#!/usr/bin/env node
// Regenerates deploy/kubernetes-schemas/: one standalone, strict JSON schema per kind the Helm
// chart renders, in kubeconform's layout (`{{ .ResourceKind }}{{ .KindSuffix }}.json`), so the
// chart is validated offline. Sources are Go modules fetched with `go mod download` into a
// throw-away module cache: the Kubernetes OpenAPI v2 document (k8s.io/kubernetes,
// api/openapi-spec/swagger.json) and the CRDs shipped in KEDA's and the Prometheus Operator's
// modules.
//
//   node scripts/k8s-schemas.mjs            # rewrite deploy/kubernetes-schemas/
//   node scripts/k8s-schemas.mjs --check    # exit 1 when the committed files are stale
//
// "Standalone" means every $ref is inlined; "strict" means an object with declared properties
// allows no others (a typo in a manifest is an error, as with `kubectl --validate=strict`).
// Descriptions are dropped: they are most of the bytes and validation never reads them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(repo, 'deploy/kubernetes-schemas');

// The floor of the chart's kubeVersion (>=1.27): a field newer than that fails validation.
const KUBERNETES = { module: 'k8s.io/kubernetes', version: 'v1.27.16' };
const KEDA = { module: 'github.com/kedacore/keda/v2', version: 'v2.20.2' };
const PROMETHEUS_OPERATOR = { module: 'github.com/prometheus-operator/prometheus-operator', version: 'v0.85.0' };

/** Every kind the chart can render; a kind missing here makes kubeconform fail the chart test. */
const BUILT_IN_KINDS = [
  ['v1', 'ConfigMap'],
  ['v1', 'Pod'],
  ['v1', 'Secret'],
  ['v1', 'Service'],
  ['v1', 'ServiceAccount'],
  ['apps/v1', 'Deployment'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['batch/v1', 'CronJob'],
  ['batch/v1', 'Job'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['policy/v1', 'PodDisruptionBudget'],
];
const CRD_KINDS = [
  { source: KEDA, file: 'config/crd/bases/keda.sh_scaledobjects.yaml', apiVersion: 'keda.sh/v1alpha1' },
  { source: KEDA, file: 'config/crd/bases/keda.sh_triggerauthentications.yaml', apiVersion: 'keda.sh/v1alpha1' },
  {
    source: PROMETHEUS_OPERATOR,
    file: 'example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml',
    apiVersion: 'monitoring.coreos.com/v1',
  },
  {
    source: PROMETHEUS_OPERATOR,
    file: 'example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml',
    apiVersion: 'monitoring.coreos.com/v1',
  },
];

/** kubeconform's file name for a kind: see schemaPath() in its pkg/registry/registry.go. */
export function schemaFileName(apiVersion, kind) {
  const [groupOrVersion, version] = apiVersion.split('/');
  const suffix = version ? `-${groupOrVersion.split('.')[0]}-${version}` : `-${groupOrVersion}`;
  return `${kind.toLowerCase()}${suffix}.json`.toLowerCase();
}

function downloadModules(modules, cache) {
  const args = ['mod', 'download', '-json', ...modules.map((m) => `${m.module}@${m.version}`)];
  const env = { ...process.env, GOMODCACHE: cache, GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local' };
  const output = execFileSync('go', args, { env, cwd: cache, encoding: 'utf8', maxBuffer: 64 << 20 });
  // `go mod download -json` prints one JSON object per module, back to back.
  const dirs = new Map();
  for (const chunk of output.split(/(?<=^})\n/m).filter((s) => s.trim())) {
    const info = JSON.parse(chunk);
    if (info.Error) throw new Error(`go mod download ${info.Path}@${info.Version}: ${info.Error}`);
    dirs.set(info.Path, info.Dir);
  }
  return dirs;
}

// ---- Kubernetes OpenAPI v2 definitions -------------------------------------------------------

// Schemas are plain JSON: a JSON round trip is a deep copy.
const clone = (value) => JSON.parse(JSON.stringify(value));

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = { oneOf: [{ type: 'string' }, { type: 'integer' }] };

function expandDefinition(definitions, name, seen = []) {
  if (seen.includes(name)) throw new Error(`recursive definition ${[...seen, name].join(' → ')}`);
  // A quantity is written `100m`, `1Gi` or a bare number (`cpu: 1`): both are valid.
  if (name === QUANTITY) return { oneOf: [{ type: 'string' }, { type: 'number' }] };
  const definition = definitions[name];
  if (!definition) throw new Error(`unknown definition ${name}`);
  return convertOpenApiV2(definitions, definition, [...seen, name]);
}

function convertOpenApiV2(definitions, node, seen) {
  if (node.$ref) return expandDefinition(definitions, node.$ref.replace('#/definitions/', ''), seen);
  if (node.format === 'int-or-string') return clone(INT_OR_STRING);
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description' || key.startsWith('x-kubernetes-')) continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([prop, schema]) => [prop, convertOpenApiV2(definitions, schema, seen)]),
      );
    } else if (key === 'items' || key === 'additionalProperties') {
      out[key] = typeof value === 'object' ? convertOpenApiV2(definitions, value, seen) : value;
    } else {
      out[key] = value;
    }
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

function builtInSchema(definitions, apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const entry = Object.entries(definitions).find(([, d]) =>
    (d['x-kubernetes-group-version-kind'] ?? []).some(
      (gvk) => gvk.group === group && gvk.version === version && gvk.kind === kind,
    ),
  );
  if (!entry) throw new Error(`no definition for ${apiVersion} ${kind}`);
  return pinKind(expandDefinition(definitions, entry[0]), apiVersion, kind);
}

function pinKind(schema, apiVersion, kind) {
  schema.properties.apiVersion = { type: 'string', enum: [apiVersion] };
  schema.properties.kind = { type: 'string', enum: [kind] };
  schema.required = [...new Set([...(schema.required ?? []), 'apiVersion', 'kind'])];
  return schema;
}

// ---- CRDs (OpenAPI v3 structural schemas) ----------------------------------------------------

function convertCrdSchema(node) {
  if (Array.isArray(node)) return node.map(convertCrdSchema);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description' || key === 'nullable' || key.startsWith('x-kubernetes-')) continue;
    if (key === 'properties' || key === 'patternProperties' || key === 'definitions') {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertCrdSchema(v)]));
    } else if (['items', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf'].includes(key)) {
      out[key] = typeof value === 'object' ? convertCrdSchema(value) : value;
    } else {
      out[key] = value;
    }
  }
  if (node['x-kubernetes-int-or-string'] && !out.anyOf && !out.oneOf) Object.assign(out, clone(INT_OR_STRING));
  if (node.nullable && out.type) out.type = [out.type, 'null'];
  const preservesUnknown = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (out.properties && out.additionalProperties === undefined && !preservesUnknown) out.additionalProperties = false;
  return out;
}

function crdSchema(moduleDir, { file, apiVersion }, objectMeta) {
  const documents = parseAllDocuments(readFileSync(join(moduleDir, file), 'utf8')).map((d) => d.toJS());
  const crd = documents.find((d) => d?.kind === 'CustomResourceDefinition');
  const [group, version] = apiVersion.split('/');
  if (crd?.spec.group !== group) throw new Error(`${file}: not a CRD of ${group}`);
  const served = crd.spec.versions.find((v) => v.name === version);
  if (!served) throw new Error(`${file}: no version ${version}`);
  const schema = convertCrdSchema(served.schema.openAPIV3Schema);
  // CRDs declare `metadata: {type: object}`; the API server validates it as ObjectMeta.
  schema.properties.metadata = clone(objectMeta);
  return { kind: crd.spec.names.kind, schema: pinKind(schema, apiVersion, crd.spec.names.kind) };
}

// ---- main ------------------------------------------------------------------------------------

function generate() {
  const cache = mkdtempSync(join(tmpdir(), 'k8s-schemas-'));
  try {
    const dirs = downloadModules([KUBERNETES, KEDA, PROMETHEUS_OPERATOR], cache);
    const swagger = JSON.parse(
      readFileSync(join(dirs.get(KUBERNETES.module), 'api/openapi-spec/swagger.json'), 'utf8'),
    );
    const files = new Map();
    for (const [apiVersion, kind] of BUILT_IN_KINDS) {
      files.set(schemaFileName(apiVersion, kind), builtInSchema(swagger.definitions, apiVersion, kind));
    }
    const objectMeta = expandDefinition(swagger.definitions, 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    for (const crd of CRD_KINDS) {
      const { kind, schema } = crdSchema(dirs.get(crd.source.module), crd, objectMeta);
      files.set(schemaFileName(crd.apiVersion, kind), schema);
    }
    const sources = [KUBERNETES, KEDA, PROMETHEUS_OPERATOR].map((m) => `${m.module}@${m.version}`);
    files.set('sources.json', { generatedBy: 'scripts/k8s-schemas.mjs', sources });
    return files;
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

function main() {
  const check = process.argv.includes('--check');
  const files = generate();
  const render = (value) => `${JSON.stringify(value)}\n`;
  if (check) {
    const stale = [...files].filter(([name, value]) => {
      const path = join(outDir, name);
      return !existsSync(path) || readFileSync(path, 'utf8') !== render(value);
    });
    const extra = readdirSync(outDir).filter((name) => name.endsWith('.json') && !files.has(name));
    if (stale.length || extra.length) {
      console.error(`stale: ${stale.map(([n]) => n).join(', ') || '-'}; not generated: ${extra.join(', ') || '-'}`);
      process.exit(1);
    }
    console.log(`${files.size} files up to date`);
    return;
  }
  mkdirSync(outDir, { recursive: true });
  for (const name of readdirSync(outDir)) if (name.endsWith('.json')) rmSync(join(outDir, name));
  for (const [name, value] of files) writeFileSync(join(outDir, name), render(value));
  console.log(`wrote ${files.size} files to ${outDir}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
