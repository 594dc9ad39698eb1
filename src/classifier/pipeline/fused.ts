import * as tf from '@tensorflow/tfjs';

/**
 * The frozen feature path as a few fused TF.js ops: each convolution carries its batch norm folded
 * into its weights and its activation fused in (tf.fused.conv2d / depthwiseConv2d), as TF.js's
 * graph converter would do. The layers model runs conv, batch norm and activation as three passes
 * over memory; on one wasm thread the fused path is markedly faster. Sequential models only;
 * anything else returns undefined and the layers model stays in charge.
 */
export type FeaturePath = (x: tf.Tensor4D) => tf.Tensor4D;

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

type Step = ConvStep | { kind: 'maxpool'; pool: [number, number]; strides: [number, number]; pad: 'same' | 'valid' };

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

/** Builds the fused path from the input to `featureLayer`, or undefined when a layer isn't one we can fuse. */
export function buildFeaturePath(model: tf.LayersModel, featureLayer: string): FeaturePath | undefined {
  let steps: Step[] | undefined;
  // Folding makes intermediate tensors: tidy drops them and keeps only the fused weights.
  tf.tidy(() => {
    steps = planSteps(model, featureLayer);
    steps?.forEach((s) => {
      if (s.kind !== 'maxpool') [s.filter, ...(s.bias ? [s.bias] : [])].forEach((t) => tf.keep(t));
    });
  });
  if (!steps) return undefined;
  const plan = steps;
  const poolsAtEnd = model.getLayer(featureLayer).getClassName() === 'GlobalAveragePooling2D';
  return (x) =>
    tf.tidy(() => {
      let y: tf.Tensor4D = x;
      for (const s of plan) {
        if (s.kind === 'maxpool') {
          y = tf.maxPool(y, s.pool, s.strides, s.pad);
          continue;
        }
        const args = { x: y, filter: s.filter, strides: s.strides, pad: s.pad, bias: s.bias, activation: s.activation, leakyreluAlpha: s.alpha };
        y = s.kind === 'conv' ? tf.fused.conv2d(args) : tf.fused.depthwiseConv2d(args);
      }
      return poolsAtEnd ? (tf.mean(y, [1, 2], true) as tf.Tensor4D) : y;
    });
}

function planSteps(model: tf.LayersModel, featureLayer: string): Step[] | undefined {
  const steps: Step[] = [];
  const last = () => steps[steps.length - 1];
  for (const layer of model.layers) {
    const config = layer.getConfig() as Record<string, unknown>;
    const className = layer.getClassName();
    if (className === 'InputLayer') {
      // nothing to run
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
      const step = last();
      if (!step || step.kind === 'maxpool' || step.activation !== 'linear') return undefined;
      foldBatchNorm(step, layer);
    } else if (className === 'Activation' || className === 'LeakyReLU' || className === 'ReLU') {
      const step = last();
      const activation = className === 'LeakyReLU' ? 'leakyrelu' : className === 'ReLU' ? (config.maxValue === 6 ? 'relu6' : 'relu') : (config.activation as string);
      if (!step || step.kind === 'maxpool' || step.activation !== 'linear' || !['relu', 'relu6', 'leakyrelu'].includes(activation)) return undefined;
      step.activation = activation as Activation;
      step.alpha = Number(config.alpha ?? 0);
    } else if (className === 'MaxPooling2D') {
      steps.push({ kind: 'maxpool', pool: config.poolSize as [number, number], strides: config.strides as [number, number], pad: config.padding as 'same' | 'valid' });
    } else if (layer.name !== featureLayer || className !== 'GlobalAveragePooling2D') {
      return undefined;
    }
    if (layer.name === featureLayer) break;
  }
  return steps;
}
