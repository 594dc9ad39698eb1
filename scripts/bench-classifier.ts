// npm run bench:classifier [-- --photos N]
// Cold start; per-photo latency split (decode+resize, backbone, head) p50/p95 at batch 1; batch-16
// throughput in one process and on every core (worker threads); head training from cached
// embeddings; peak RSS; and, where python3-torch is installed, the same MobileNet in PyTorch.
const processStart = performance.now();
const { readFile } = await import('node:fs/promises');
const path = await import('node:path');
const pipeline = await import('../src/classifier/pipeline/index.ts');
const { readDataset, parseFlags } = await import('./lib/dataset.ts');
const { quantile, ms } = await import('./lib/stats.ts');
const { runTorchAnchor } = await import('./lib/torch-anchor.ts');
const { EmbeddingCache } = await import('./lib/embedding-cache.ts');
const { TRAIN_VIEWS } = await import('./lib/training-set.ts');

const flags = parseFlags(process.argv.slice(2));
const SHARED = path.resolve(pipeline.projectRoot, '../shared');
const perClass = Number(flags.get('photos') ?? 6);
const BATCH = 16;

// --- cold start: backend, backbone, head, first prediction ---
const tBackend = performance.now();
const backend = await pipeline.initBackend();
const tBackbone = performance.now();
const backbone = await pipeline.loadSingleBackbone(pipeline.DEFAULT_BACKBONE);
const tHead = performance.now();
const head = await pipeline.loadHeadFile(pipeline.defaultHeadPath());
const test = await readDataset(path.join(SHARED, 'datasets', 'foodvision7', 'test'));
const sample = test.labels.flatMap((_, label) => test.items.filter((i) => i.label === label).slice(0, perClass));
const bytes = await Promise.all(sample.map((item) => readFile(item.file)));
const tFirst = performance.now();
await pipeline.classifyPhoto(backbone, head, await pipeline.decodePhoto(bytes[0]!), { testTimeFlip: false });
const tReady = performance.now();
console.log(`backend: ${backend.name} (${backend.choice}); photos: ${sample.length} from ${test.dir}`);
console.log(`cold start: ${ms(tReady - processStart)} from process start (imports ${ms(tBackend - processStart)}, backend ${ms(tBackbone - tBackend)}, ` +
  `backbone load ${ms(tHead - tBackbone)}, first prediction ${ms(tReady - tFirst)})`);

// --- batch 1 latency, split by stage ---
const stages = { decode: [] as number[], backbone: [] as number[], head: [] as number[], total: [] as number[] };
for (let round = 0; round < 2; round++) {
  for (const photoBytes of bytes) {
    const t0 = performance.now();
    const input = await backbone.input(await pipeline.decodePhoto(photoBytes));
    const t1 = performance.now();
    const [features] = backbone.embedInputs([input]);
    const t2 = performance.now();
    pipeline.predictHead(head, [features!]);
    const t3 = performance.now();
    stages.decode.push(t1 - t0);
    stages.backbone.push(t2 - t1);
    stages.head.push(t3 - t2);
    stages.total.push(t3 - t0);
  }
}
console.log(`\nbatch 1, ${stages.total.length} runs          p50        p95`);
for (const [name, values] of Object.entries(stages)) {
  console.log(`  ${name.padEnd(26)}${ms(quantile(values, 0.5)).padStart(10)} ${ms(quantile(values, 0.95)).padStart(10)}`);
}

// --- batch 16: one process, then a worker per core ---
const inputs = await Promise.all(bytes.map(async (b) => backbone.input(await pipeline.decodePhoto(b))));
const batches = Array.from({ length: Math.floor(inputs.length / BATCH) }, (_, i) => inputs.slice(i * BATCH, (i + 1) * BATCH));
backbone.embedInputs(batches[0]!); // warm the batch-16 kernels
const tOne = performance.now();
for (const batch of batches) backbone.embedInputs(batch);
const oneCore = (performance.now() - tOne) / (batches.length * BATCH);
console.log(`\nbatch ${BATCH}, one process (backbone only): ${ms(oneCore)}/photo, ${(1000 / oneCore).toFixed(1)} photos/s`);

const pool = await pipeline.createEmbedPool({ backbone: pipeline.DEFAULT_BACKBONE });
const byteBatches = Array.from({ length: Math.floor(bytes.length / BATCH) }, (_, i) => bytes.slice(i * BATCH, (i + 1) * BATCH));
await Promise.all(byteBatches.slice(0, pool.size).map((b) => pool.embed(b))); // warm each worker
const tPool = performance.now();
const rounds = 2;
await Promise.all(Array.from({ length: rounds }, () => byteBatches.map((b) => pool.embed(b))).flat());
const poolPerPhoto = (performance.now() - tPool) / (rounds * byteBatches.length * BATCH);
await pool.close();
console.log(`batch ${BATCH}, ${pool.size} worker threads (decode+resize+backbone): ${ms(poolPerPhoto)}/photo, ${(1000 / poolPerPhoto).toFixed(1)} photos/s`);

// --- head training from cached embeddings ---
const train = await readDataset(path.join(SHARED, 'datasets', 'foodvision7', 'train'));
const shas = await Promise.all(train.items.map(async (i) => pipeline.sha256(await readFile(i.file))));
const caches = await Promise.all(TRAIN_VIEWS.map((v) => EmbeddingCache.open(pipeline.DEFAULT_BACKBONE, backbone.featureSize, v)));
const cached = caches.flatMap((cache, v) => shas.flatMap((sha, i) => {
  const features = cache.get(sha);
  return features ? [{ features, label: train.items[i]!.label, group: sha, augmented: v > 0 }] : [];
}));
if (cached.length === shas.length * TRAIN_VIEWS.length) {
  const tTrain = performance.now();
  const trained = await pipeline.trainHead(cached, { backbone: pipeline.DEFAULT_BACKBONE, labels: train.labels });
  console.log(`\nhead training from cached embeddings: ${ms(performance.now() - tTrain)} (${cached.length} examples, ${trained.history.length} epochs, ` +
    `${ms((performance.now() - tTrain) / trained.history.length)}/epoch)`);
} else {
  console.log(`\nhead training: skipped, the training set is not in the embedding cache yet (run npm run train -- --data ../shared/datasets/foodvision7/train once)`);
}

console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

// --- the PyTorch anchor, same model, same machine ---
const torch = runTorchAnchor(SHARED, pipeline.weightsDir(pipeline.DEFAULT_BACKBONE), sample.slice(0, 3).map((i) => i.file));
if ('skipped' in torch) {
  console.log(`\nPyTorch comparison skipped: ${torch.skipped}`);
} else {
  const b1 = torch.msPerPhoto.get('threads=2 batch=1')!;
  const b16 = torch.msPerPhoto.get('threads=2 batch=16')!;
  const ours1 = quantile(stages.backbone, 0.5);
  console.log(`\nPyTorch ${torch.version}, 2 threads, to the 768 features: batch 1 ${ms(b1)}/photo, batch 16 ${ms(b16)}/photo`);
  console.log(`ratio ours/PyTorch: batch 1 (backbone p50, one thread) ${(ours1 / b1).toFixed(2)}x; ` +
    `batch 16 (both cores, incl. decode) ${(poolPerPhoto / b16).toFixed(2)}x; batch 16 one process ${(oneCore / b16).toFixed(2)}x`);
}
