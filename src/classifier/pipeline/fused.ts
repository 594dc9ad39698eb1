import * as tf from '@tensorflow/tfjs';

/**
 * The frozen feature path as a few fused TF.js ops: each convolution carries its batch norm folded
 * into its weights and its activation fused in (tf.fused.conv2d / depthwiseConv2d), as TF.js's
 * graph converter would do. The layers model runs conv, batch norm and activation as three passes
 * over memory; on one wasm thread the fused path is markedly faster. Sequential models only;
 * anything else returns undefined and the layers model stays in charge.
 */
export interface FusedModel {
  /** Input to the feature layer only. */
  features(x: tf.Tensor4D): tf.Tensor4D;
  /** The whole network: the feature layer's output and the model's own output, in one pass. */
  featuresAndOutput(x: tf.Tensor4D): [tf.Tensor4D, tf.Tensor4D];
}

type Activation = 'linear' | 'relu' | 'relu6' | 'leakyrelu';

interface ConvStep {
  kind: 'conv' | 'depthwise';
  filter: tf.Tensor4D;
  bias: tf.Tensor1D | undefined;
  strides: [number, number];
  pad: 'same' | 'valid';
  activation: Activation;
  alpha: number;
}

type Step =
  | ConvStep
  | { kind: 'maxpool'; pool: [number, number]; strides: [number, number]; pad: 'same' | 'valid' }
  | { kind: 'gap' }
  | { kind: 'softmax' }
  | { kind: 'features' };

function weightsByName(layer: tf.layers.Layer): Map<string, tf.Tensor> {
  const values = layer.getWeights();
  return new Map(layer.weights.map((w, i) => [w.originalName.split('/').pop()!, values[i]!]));
}

/** Folds y = gamma (conv(x) + b − mean) / sqrt(var + eps) + beta into the convolution's filter and bias. */
function foldBatchNorm(step: ConvStep, bn: tf.layers.Layer): void {
  const w = weightsByName(bn);
  const config = bn.getConfig() as { epsilon: number };
  const mean = w.get('moving_mean')!;
  const variance = w.get('moving_variance')!;
  const gamma = w.get('gamma') ?? tf.onesLike(mean);
  const beta = w.get('beta') ?? tf.zerosLike(mean);
  const scale = tf.div(gamma, tf.sqrt(tf.add(variance, config.epsilon))) as tf.Tensor1D;
  const [kh, kw, inC, outC] = step.filter.shape;
  // A depthwise filter's output channel is input channel × multiplier + m.
  const scaled = step.kind === 'conv' ? tf.mul(step.filter, scale) : tf.mul(step.filter, scale.reshape([inC, outC]));
  step.filter = scaled.reshape([kh, kw, inC, outC]) as tf.Tensor4D;
  step.bias = tf.add(tf.mul(tf.sub(step.bias ?? tf.zerosLike(mean), mean), scale), beta) as tf.Tensor1D;
}

/** Builds the fused network, or undefined when a layer isn't one we can fuse. */
export function buildFusedModel(model: tf.LayersModel, featureLayer: string): FusedModel | undefined {
  let steps: Step[] | undefined;
  // Folding makes intermediate tensors: tidy drops them and keeps only the fused weights.
  tf.tidy(() => {
    steps = planSteps(model, featureLayer);
    steps?.forEach((s) => {
      if (s.kind === 'conv' || s.kind === 'depthwise') [s.filter, ...(s.bias ? [s.bias] : [])].forEach((t) => tf.keep(t));
    });
  });
  if (!steps) return undefined;
  const plan = steps;
  const run = (x: tf.Tensor4D, stopAtFeatures: boolean): tf.Tensor4D[] => {
    let y: tf.Tensor4D = x;
    let features: tf.Tensor4D | undefined;
    for (const s of plan) {
      if (s.kind === 'features') {
        features = y;
        if (stopAtFeatures) break;
      } else if (s.kind === 'maxpool') y = tf.maxPool(y, s.pool, s.strides, s.pad);
      else if (s.kind === 'gap') y = tf.mean(y, [1, 2], true) as tf.Tensor4D;
      else if (s.kind === 'softmax') y = tf.softmax(y);
      else {
        const args = { x: y, filter: s.filter, strides: s.strides, pad: s.pad, bias: s.bias, activation: s.activation, leakyreluAlpha: s.alpha };
        y = s.kind === 'conv' ? tf.fused.conv2d(args) : tf.fused.depthwiseConv2d(args);
      }
    }
    return stopAtFeatures ? [features!] : [features!, y];
  };
  return {
    features: (x) => tf.tidy(() => run(x, true)[0]!),
    featuresAndOutput: (x) => tf.tidy(() => run(x, false) as [tf.Tensor4D, tf.Tensor4D]),
  };
}

/** One step per layer (batch norms and activations folded into the convolution before them); `features` marks the feature layer. */
function planSteps(model: tf.LayersModel, featureLayer: string): Step[] | undefined {
  const steps: Step[] = [];
  const lastConv = () => {
    const step = steps[steps.length - 1];
    return step && (step.kind === 'conv' || step.kind === 'depthwise') && step.activation === 'linear' ? step : undefined;
  };
  for (const layer of model.layers) {
    const config = layer.getConfig() as Record<string, unknown>;
    const className = layer.getClassName();
    if (className === 'InputLayer' || className === 'Dropout' || className === 'Reshape') {
      // Dropout is off at inference; the reshapes only drop the 1×1 spatial axes, which callers flatten.
    } else if (className === 'Conv2D' || className === 'DepthwiseConv2D') {
      const w = weightsByName(layer);
      if ((config.dilationRate as number[] | undefined)?.some((d) => d !== 1) || config.activation !== 'linear') return undefined;
      steps.push({
        kind: className === 'Conv2D' ? 'conv' : 'depthwise',
        filter: (w.get('kernel') ?? w.get('depthwise_kernel')) as tf.Tensor4D,
        bias: w.get('bias') as tf.Tensor1D | undefined,
        strides: config.strides as [number, number],
        pad: config.padding as 'same' | 'valid',
        activation: 'linear',
        alpha: 0,
      });
    } else if (className === 'BatchNormalization') {
      const step = lastConv();
      if (!step) return undefined;
      foldBatchNorm(step, layer);
    } else if (className === 'Activation' && config.activation === 'softmax') {
      steps.push({ kind: 'softmax' });
    } else if (className === 'Activation' || className === 'LeakyReLU' || className === 'ReLU') {
      const step = lastConv();
      const activation =
        className === 'LeakyReLU' ? 'leakyrelu' : className === 'ReLU' ? (config.maxValue === 6 ? 'relu6' : 'relu') : (config.activation as string);
      if (!step || !['relu', 'relu6', 'leakyrelu'].includes(activation)) return undefined;
      step.activation = activation as Activation;
      step.alpha = Number(config.alpha ?? 0);
    } else if (className === 'MaxPooling2D') {
      steps.push({
        kind: 'maxpool',
        pool: config.poolSize as [number, number],
        strides: config.strides as [number, number],
        pad: config.padding as 'same' | 'valid',
      });
    } else if (className === 'GlobalAveragePooling2D') {
      steps.push({ kind: 'gap' });
    } else {
      return undefined;
    }
    if (layer.name === featureLayer) steps.push({ kind: 'features' });
  }
  return steps.some((s) => s.kind === 'features') ? steps : undefined;
}
