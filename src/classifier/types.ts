// The boundary between the ML pipeline (src/classifier/pipeline: backbones, preprocessing,
// embedding, head training) and the classifier service (src/classifier/service: cache, registry,
// predictions, HTTP). Plain data only, so the service can run in process or behind CLASSIFIER_URL.

export interface BackboneManifest {
  /** Registry name, e.g. "mobilenet_v1_0.75_224". */
  name: string;
  /** Where the files come from publicly (model.json URL); a mirror folder may stand in. */
  origin: string;
  license: string;
  files: { path: string; sha256: string; bytes: number }[];
  featureLayer: string;
  featureSize: number;
  inputSize: number;
  /** "center": centre square crop before resizing; "none": the whole image squashed. */
  crop: 'center' | 'none';
  /** Pixel scaling: "-1..1" is x/127.5 - 1, "0..1" is x/255. */
  scaling: '-1..1' | '0..1';
  /** File with the backbone's own 1,000 ImageNet labels, in output order. */
  labelsFile: string;
}

/** A decoded, checked, oriented photo, ready for any backbone's own crop and scaling. */
export interface DecodedPhoto {
  sha256: string;
  format: string;
  width: number;
  height: number;
}

export interface LabelProbability {
  label: string;
  probability: number;
}

/** Weights of the trainable head: Dense(featureSize -> labels.length) with softmax. */
export interface HeadWeights {
  backbone: string;
  labels: string[];
  featureSize: number;
  /** Row-major [featureSize, labels.length]. */
  kernel: number[];
  bias: number[];
}

export interface EpochReport {
  epoch: number;
  epochs: number;
  /** In a fold ensemble: which member head (1-based) of how many is training. */
  head?: number;
  heads?: number;
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
}

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  support: number;
}

export interface Metrics {
  accuracy: number;
  perClass: ClassMetrics[];
  /** confusion[actual][predicted], in the order of `labels`. */
  confusion: number[][];
  labels: string[];
  examples: number;
}

/** The shapes a photo takes through the pipeline, for the teaching "tensor inspector". */
export interface TensorTrace {
  input: number[];
  features: number[];
  output: number[];
  headParameters: number;
  backboneParameters: number;
}
