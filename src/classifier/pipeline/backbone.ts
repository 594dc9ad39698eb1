import * as tf from '@tensorflow/tfjs';
import type { LabelProbability } from '../types.ts';
import { initBackend } from './backend.ts';
import { buildFusedModel } from './fused.ts';
import type { BackboneSpec } from './manifest.ts';
import { backboneMembers, loadManifest } from './manifest.ts';
import { modelsDir } from './paths.ts';
import type { Photo, View } from './preprocess.ts';
import { backboneInput, PLAIN_VIEW } from './preprocess.ts';
import { readBackboneFiles } from './pull.ts';

/** What one photo looks like to a backbone: its features, and the ImageNet classes it would name itself. */
export interface BackboneView {
  features: Float32Array;
  /** The backbone's own ImageNet top-k (for a combination: its first member's). */
  imagenet: LabelProbability[];
}

/**
 * A frozen ImageNet network used as a feature extractor. A combined backbone ("a+b") concatenates
 * its members' features in name order; each member keeps its own crop and scaling.
 */
export interface Backbone {
  readonly name: string;
  readonly featureSize: number;
  readonly inputSize: number;
  /** Parameters of the frozen part that computes the features. */
  readonly parameterCount: number;
  readonly members: readonly BackboneSpec[];
  /** Features for each photo seen through one view (augmentation: flips, zoomed crops). */
  embed(photos: readonly Photo[], view?: View): Promise<Float32Array[]>;
  /** Features plus the backbone's own ImageNet top-k, in one pass. */
  inspect(photo: Photo, k?: number): Promise<BackboneView>;
  /**
   * The last convolutional map of each member network for one photo (plain view), whose spatial
   * mean is that member's features: what a class activation map weighs with the head's kernel.
   */
  featureMaps(photo: Photo): Promise<FeatureMap[]>;
  /**
   * The ImageNet probabilities (all 1,000) straight from cached features, when the network's own
   * classifier is one Dense layer on them (EfficientNet): no second pass over the photo. For a
   * combination, from its first member's slice. Undefined when the network can't.
   */
  imagenetFromFeatures?(features: Float32Array): Float32Array;
  readonly imagenetLabels: readonly string[];
  dispose(): void;
}

/** One network's last convolutional map: height × width × channels, row-major HWC. */
export interface FeatureMap {
  backbone: string;
  height: number;
  width: number;
  channels: number;
  values: Float32Array;
}

/** The single-network backbone, with its preprocessing split out so the benchmark can time each step. */
export interface SingleBackbone extends Backbone {
  readonly spec: BackboneSpec;
  /** Crop, resize and scale one photo: HWC floats of inputSize² × 3. */
  input(photo: Photo, view?: View): Promise<Float32Array>;
  /** Whether features come from the fused path (batch norm folded, activations fused) rather than the layers model. */
  readonly fused: boolean;
  /** Runs the frozen network on prepared inputs. */
  embedInputs(inputs: readonly Float32Array[]): Float32Array[];
}

function concatBytes(parts: readonly Uint8Array[]): ArrayBuffer {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out.buffer;
}

function readLabels(bytes: Uint8Array): string[] {
  // A list, { labels: [...] } (metadata.json), or an index → name map (EfficientNet's labels_map.json).
  const parsed = JSON.parse(new TextDecoder().decode(bytes)) as string[] | { labels: string[] } | Record<string, string>;
  const labels = Array.isArray(parsed)
    ? parsed
    : Array.isArray(parsed.labels)
      ? parsed.labels
      : Object.entries(parsed as Record<string, string>)
          .sort(([a], [b]) => Number(a) - Number(b))
          .map(([, label]) => label);
  // ImageNet names list synonyms ("tench, Tinca tinca"): the first one reads best in a chat.
  return labels.map((l) => l.split(',')[0]!.trim());
}

/** The model's topology and weights from the verified local files; nothing is fetched at run time. */
function modelArtifacts(spec: BackboneSpec, files: Map<string, Uint8Array>): tf.io.IOHandler {
  const modelJson = JSON.parse(new TextDecoder().decode(files.get('model.json')!)) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const shards = modelJson.weightsManifest.flatMap((group) =>
    group.paths.map((p) => {
      const shard = files.get(p);
      if (!shard) throw new Error(`${spec.name}: model.json names ${p}, which the manifest lacks`);
      return shard;
    }),
  );
  return tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData: concatBytes(shards) });
}

/** The network's three outputs the pipeline asks for, for whichever kind of TF.js model it is. */
interface Network {
  /** Features before pooling (or already pooled: featurePooling "none"). */
  features(x: tf.Tensor4D): tf.Tensor;
  featuresAndOutput(x: tf.Tensor4D): [tf.Tensor, tf.Tensor];
  /** The last convolutional map, [n, h, w, c]. */
  map(x: tf.Tensor4D): tf.Tensor4D;
  parameterCount: number;
  fused: boolean;
  /** The ImageNet classifier's Dense kernel [features, 1000] and bias, when it is one. */
  imagenetDense?: { kernel: Float32Array; bias: Float32Array };
  dispose(): void;
}

async function layersNetwork(spec: BackboneSpec, files: Map<string, Uint8Array>): Promise<Network> {
  const full = await tf.loadLayersModel(modelArtifacts(spec, files));
  const featureTensor = full.getLayer(spec.featureLayer).output as tf.SymbolicTensor;
  const featureModel = tf.model({ inputs: full.inputs, outputs: featureTensor });
  const bothModel = tf.model({ inputs: full.inputs, outputs: [featureTensor, full.outputs[0]!] });
  const mapModel = tf.model({ inputs: full.inputs, outputs: full.getLayer(spec.mapLayer).output as tf.SymbolicTensor });
  // TFJS_FUSED=0 runs the plain layers model instead, e.g. to compare the two.
  const fused = process.env.TFJS_FUSED === '0' ? undefined : buildFusedModel(full, spec.featureLayer);
  return {
    features: (x) => (fused ? fused.features(x) : (featureModel.predict(x) as tf.Tensor)),
    featuresAndOutput: (x) => (fused ? fused.featuresAndOutput(x) : (bothModel.predict(x) as [tf.Tensor, tf.Tensor])),
    map: (x) => mapModel.predict(x) as tf.Tensor4D,
    parameterCount: featureModel.countParams(),
    fused: fused !== undefined,
    dispose: () => full.dispose(),
  };
}

/** A graph model (EfficientNet): features, output and map are nodes it computes on request. */
async function graphNetwork(spec: BackboneSpec, files: Map<string, Uint8Array>): Promise<Network> {
  const model = await tf.loadGraphModel(modelArtifacts(spec, files));
  const input = spec.inputNode ?? model.inputs[0]!.name;
  const output = spec.outputNode ?? model.outputs[0]!.name;
  // execute() hands back a bare tensor when asked for one node, a list for several.
  const run = (x: tf.Tensor4D, nodes: string[]) => [model.execute({ [input]: x }, nodes)].flat();
  const weights = Object.values(model.weights).flat();
  const named = (name: string | undefined) => (name ? (model.weights[name]?.[0]?.dataSync() as Float32Array | undefined) : undefined);
  const kernel = named(spec.imagenetDense?.kernel);
  const bias = named(spec.imagenetDense?.bias);
  return {
    ...(kernel && bias ? { imagenetDense: { kernel, bias } } : {}),
    features: (x) => run(x, [spec.featureLayer])[0]!,
    featuresAndOutput: (x) => run(x, [spec.featureLayer, output]) as [tf.Tensor, tf.Tensor],
    map: (x) => run(x, [spec.mapLayer])[0] as tf.Tensor4D,
    // The classifier's own Dense(1280 → 1000) is not part of the frozen feature path.
    parameterCount: weights.reduce((n, w) => n + w.size, 0) - (spec.featureSize + 1) * 1000,
    fused: true,
    dispose: () => model.dispose(),
  };
}

function topK(probabilities: Float32Array | number[], labels: readonly string[], k: number): LabelProbability[] {
  return Array.from(probabilities, (probability, index) => ({ label: labels[index] ?? `#${index}`, probability }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, k);
}

/** softmax(features · kernel + bias) in plain arithmetic: one row, no tensors. */
function denseSoftmax(dense: { kernel: Float32Array; bias: Float32Array }, features: Float32Array): Float32Array {
  const classes = dense.bias.length;
  const logits = Float32Array.from(dense.bias);
  for (let k = 0; k < features.length; k++) {
    const f = features[k]!;
    if (f === 0) continue;
    for (let c = 0; c < classes; c++) logits[c]! += f * dense.kernel[k * classes + c]!;
  }
  const max = Math.max(...logits);
  let sum = 0;
  for (let c = 0; c < classes; c++) sum += logits[c] = Math.exp(logits[c]! - max);
  for (let c = 0; c < classes; c++) logits[c]! /= sum;
  return logits;
}

function splitRows(flat: Float32Array, rows: number): Float32Array[] {
  const width = flat.length / rows;
  return Array.from({ length: rows }, (_, r) => flat.slice(r * width, (r + 1) * width));
}

async function loadSingle(name: string, root: string): Promise<SingleBackbone> {
  await initBackend();
  const spec = await loadManifest(name, root);
  const files = await readBackboneFiles(spec, root);
  const labels = readLabels(files.get(spec.labelsFile)!);
  const network = spec.format === 'graph' ? await graphNetwork(spec, files) : await layersNetwork(spec, files);
  const size = spec.inputSize;

  const pool = (t: tf.Tensor): tf.Tensor2D => (spec.featurePooling === 'global-average' ? tf.mean(t, [1, 2]) : t.reshape([t.shape[0]!, -1])) as tf.Tensor2D;
  const stack = (inputs: readonly Float32Array[]): tf.Tensor4D => {
    const batch = new Float32Array(inputs.length * size * size * 3);
    inputs.forEach((input, i) => batch.set(input, i * input.length));
    return tf.tensor4d(batch, [inputs.length, size, size, 3]);
  };

  const backbone: SingleBackbone = {
    name,
    spec,
    members: [spec],
    featureSize: spec.featureSize,
    inputSize: size,
    parameterCount: network.parameterCount,
    fused: network.fused,
    input: (photo, view = PLAIN_VIEW) => backboneInput(photo, spec, view),
    embedInputs(inputs) {
      if (inputs.length === 0) return [];
      const flat = tf.tidy(() => {
        const x = stack(inputs);
        return pool(network.features(x)).dataSync() as Float32Array;
      });
      return splitRows(flat, inputs.length);
    },
    async embed(photos, view = PLAIN_VIEW) {
      const inputs = await Promise.all(photos.map((photo) => backboneInput(photo, spec, view)));
      return backbone.embedInputs(inputs);
    },
    async inspect(photo, k = 3) {
      const input = await backboneInput(photo, spec);
      const [features, scores] = tf.tidy(() => {
        const x = stack([input]);
        const [feat, out] = network.featuresAndOutput(x);
        const probabilities = spec.outputActivation === 'logits' ? tf.softmax(out!.reshape([1, -1])) : out!;
        return [pool(feat!).dataSync() as Float32Array, probabilities.dataSync() as Float32Array];
      });
      return { features, imagenet: topK(scores, labels, k) };
    },
    imagenetLabels: labels,
    ...(network.imagenetDense ? { imagenetFromFeatures: (features: Float32Array) => denseSoftmax(network.imagenetDense!, features) } : {}),
    async featureMaps(photo) {
      const input = await backboneInput(photo, spec);
      const map = tf.tidy(() => network.map(stack([input])));
      const [, height, width, channels] = map.shape;
      const values = (await map.data()) as Float32Array;
      map.dispose();
      return [{ backbone: name, height, width, channels, values }];
    },
    dispose: () => network.dispose(),
  };
  return backbone;
}

/** Joins the feature vectors of a combined backbone's members, in member order. */
export function concatFeatures(parts: readonly Float32Array[]): Float32Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function combine(name: string, parts: SingleBackbone[]): Backbone {
  // rows[member][photo] → one vector per photo
  const concat = (rows: Float32Array[][]): Float32Array[] => rows[0]!.map((_, i) => concatFeatures(rows.map((member) => member[i]!)));
  return {
    name,
    members: parts.map((p) => p.spec),
    featureSize: parts.reduce((n, p) => n + p.featureSize, 0),
    inputSize: parts[0]!.inputSize,
    parameterCount: parts.reduce((n, p) => n + p.parameterCount, 0),
    async embed(photos, view) {
      const rows: Float32Array[][] = [];
      for (const part of parts) rows.push(await part.embed(photos, view));
      return concat(rows);
    },
    async inspect(photo, k) {
      const views: BackboneView[] = [];
      for (const part of parts) views.push(await part.inspect(photo, k));
      return { features: concat(views.map((v) => [v.features]))[0]!, imagenet: views[0]!.imagenet };
    },
    imagenetLabels: parts[0]!.imagenetLabels,
    ...(parts[0]!.imagenetFromFeatures
      ? { imagenetFromFeatures: (features: Float32Array) => parts[0]!.imagenetFromFeatures!(features.subarray(0, parts[0]!.featureSize)) }
      : {}),
    async featureMaps(photo) {
      const maps: FeatureMap[] = [];
      for (const part of parts) maps.push(...(await part.featureMaps(photo)));
      return maps;
    },
    dispose: () => parts.forEach((p) => p.dispose()),
  };
}

/**
 * Loads a pulled backbone ("mobilenet_v1_0.75_224", "darknet_tiny", or a combination such as
 * "mobilenet_v1_0.75_224+darknet_tiny") on the backend initBackend picks. Every file is checked
 * against the manifest; missing ones produce a ModelFilesError telling to run `npm run models:pull`.
 */
export async function loadBackbone(name: string, root = modelsDir()): Promise<Backbone> {
  const names = backboneMembers(name);
  const parts: SingleBackbone[] = [];
  for (const member of names) parts.push(await loadSingle(member, root));
  return parts.length === 1 ? parts[0]! : combine(name, parts);
}

/** Loads one backbone network (no combinations), with the per-step hooks the benchmark times. */
export async function loadSingleBackbone(name: string, root = modelsDir()): Promise<SingleBackbone> {
  if (backboneMembers(name).length !== 1) throw new Error(`${name} is a combination; load its members one by one`);
  return loadSingle(name, root);
}
