// npm run bench:classifier [-- --photos N]
// Cold start; per-photo latency split (decode+resize, backbone, head) p50/p95 at batch 1; batch-16
// throughput in one process and on every core (worker threads); head training from cached
// embeddings; peak RSS; and, where python3-torch is installed, the same MobileNet in PyTorch.
// The shipped head's backbone may be a combination: each member's stage is timed on its own, and
// MobileNet alone is what PyTorch is compared with; it is timed beside the shipped backbone.
const processStart = performance.now();
const { readFile } = await import('node:fs/promises');
const path = await import('node:path');
const pipeline = await import('../src/classifier/pipeline/index.ts');
const { readDataset, parseFlags } = await import('./lib/dataset.ts');
const { quantile, ms } = await import('./lib/stats.ts');
const { runTorchAnchor } = await import('./lib/torch-anchor.ts');
const { EmbeddingCache } = await import('./lib/embedding-cache.ts');
const { TRAIN_VIEWS } = await import('./lib/training-set.ts');
const { runMain } = await import('./lib/run-main.ts');

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const SHARED = path.resolve(pipeline.projectRoot, '../shared');
  const perClass = Number(flags.get('photos') ?? 5);
  const BATCH = 16;

  // --- cold start: backend, backbone(s), head, first prediction ---
  const tBackend = performance.now();
  const backend = await pipeline.initBackend();
  const tHead = performance.now();
  const head = await pipeline.loadHeadFile(pipeline.defaultHeadPath());
  const backbone = await pipeline.loadBackbone(head.backbone);
  const test = await readDataset(path.join(SHARED, 'datasets', 'foodvision7', 'test'));
  const sample = test.labels.flatMap((_, label) => test.items.filter((i) => i.label === label).slice(0, perClass));
  const bytes = await Promise.all(sample.map((item) => readFile(item.file)));
  const tFirst = performance.now();
  const mirror = pipeline.recipeFor(head.backbone).mirror;
  await pipeline.classifyPhoto(backbone, head, await pipeline.decodePhoto(bytes[0]!), { testTimeFlip: mirror });
  const tReady = performance.now();
  console.log(`backend: ${backend.name} (${backend.choice}); head on ${head.backbone}; ${sample.length} test photos`);
  console.log(
    `cold start: ${ms(tReady - processStart)} from process start (imports ${ms(tBackend - processStart)}, backend ${ms(tHead - tBackend)}, ` +
      `head + backbone load ${ms(tFirst - tHead)}, first prediction${mirror ? ' with test-time flip' : ''} ${ms(tReady - tFirst)})`,
  );

  // --- batch 1 latency, split by stage and by backbone member ---
  const members = await Promise.all(pipeline.backboneMembers(head.backbone).map((m) => pipeline.loadSingleBackbone(m)));
  // MobileNet, the lesson's backbone, is timed on the same photos in the same run even when the
  // shipped head doesn't use it: the comparison the backbone choice rests on.
  const mobilenet = members.find((m) => m.name === pipeline.DEFAULT_BACKBONE) ?? (await pipeline.loadSingleBackbone(pipeline.DEFAULT_BACKBONE));
  const compared = members.includes(mobilenet) ? [] : [mobilenet];
  const stages = new Map<string, number[]>([
    ['decode + resize (all members)', []],
    ...members.map((m) => [`backbone ${m.name}`, []] as [string, number[]]),
    ['head', []],
    ['total (one view)', []],
    ...compared.map((m) => [`for comparison: backbone ${m.name}`, []] as [string, number[]]),
  ]);
  const push = (stage: string, value: number) => stages.get(stage)!.push(value);
  for (let round = 0; round < 2; round++) {
    for (const photoBytes of bytes) {
      const t0 = performance.now();
      const photo = await pipeline.decodePhoto(photoBytes);
      const inputs = await Promise.all(members.map((m) => m.input(photo)));
      const t1 = performance.now();
      const features: Float32Array[] = [];
      members.forEach((m, i) => {
        const t = performance.now();
        features.push(m.embedInputs([inputs[i]!])[0]!);
        push(`backbone ${m.name}`, performance.now() - t);
      });
      const t2 = performance.now();
      pipeline.predictHead(head, [pipeline.concatFeatures(features)]);
      const t3 = performance.now();
      push('decode + resize (all members)', t1 - t0);
      push('head', t3 - t2);
      push('total (one view)', t3 - t0);
      for (const m of compared) {
        const input = await m.input(photo);
        const t = performance.now();
        m.embedInputs([input]);
        push(`for comparison: backbone ${m.name}`, performance.now() - t);
      }
    }
  }
  console.log(`\nbatch 1, ${bytes.length * 2} runs${' '.repeat(24)}p50        p95`);
  for (const [name, values] of stages) console.log(`  ${name.padEnd(40)}${ms(quantile(values, 0.5)).padStart(10)} ${ms(quantile(values, 0.95)).padStart(10)}`);

  // --- batch 16: MobileNet in one process, then each pipeline on a worker per core ---
  const inputs = await Promise.all(bytes.map(async (b) => mobilenet.input(await pipeline.decodePhoto(b))));
  const batches = Array.from({ length: Math.floor(inputs.length / BATCH) }, (_, i) => inputs.slice(i * BATCH, (i + 1) * BATCH));
  mobilenet.embedInputs(batches[0]!); // warm the batch-16 kernels
  const tOne = performance.now();
  for (const batch of batches) mobilenet.embedInputs(batch);
  const oneProcess = (performance.now() - tOne) / (batches.length * BATCH);
  console.log(`\nbatch ${BATCH}, one process, ${mobilenet.name} backbone only: ${ms(oneProcess)}/photo`);

  const byteBatches = Array.from({ length: Math.floor(bytes.length / BATCH) }, (_, i) => bytes.slice(i * BATCH, (i + 1) * BATCH));
  const throughput = new Map<string, number>();
  for (const name of [...new Set([pipeline.DEFAULT_BACKBONE, head.backbone])]) {
    const pool = await pipeline.createEmbedPool({ backbone: name });
    try {
      await Promise.all(byteBatches.slice(0, pool.size).map((b) => pool.embed(b))); // warm each worker
      const t = performance.now();
      await Promise.all(byteBatches.map((b) => pool.embed(b)));
      throughput.set(name, (performance.now() - t) / (byteBatches.length * BATCH));
    } finally {
      await pool.close();
    }
    const perPhoto = throughput.get(name)!;
    console.log(
      `batch ${BATCH}, ${pool.size} worker threads, ${name} (decode + resize + backbone): ${ms(perPhoto)}/photo, ${(1000 / perPhoto).toFixed(1)} photos/s`,
    );
  }

  // --- head training from cached embeddings ---
  const train = await readDataset(path.join(SHARED, 'datasets', 'foodvision7', 'train'));
  const shas = await Promise.all(train.items.map(async (i) => pipeline.sha256(await readFile(i.file))));
  const caches = await Promise.all(TRAIN_VIEWS.map((v) => EmbeddingCache.open(pipeline.DEFAULT_BACKBONE, mobilenet.featureSize, v)));
  const cached = caches.flatMap((cache, v) =>
    shas.flatMap((sha, i) => {
      const features = cache.get(sha);
      return features ? [{ features, label: train.items[i]!.label, group: sha, augmented: v > 0 }] : [];
    }),
  );
  if (cached.length === shas.length * TRAIN_VIEWS.length) {
    const t = performance.now();
    const trained = await pipeline.trainHead(cached, { backbone: pipeline.DEFAULT_BACKBONE, labels: train.labels });
    const took = performance.now() - t;
    console.log(
      `\nhead training from cached ${mobilenet.name} embeddings: ${ms(took)} (${cached.length} examples, ${trained.history.length} epochs, ${ms(took / trained.history.length)}/epoch)`,
    );
  } else {
    console.log(
      '\nhead training: skipped, the training set is not in the embedding cache yet (run `npm run train -- --data ../shared/datasets/foodvision7/train` once)',
    );
  }
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (main thread and workers together)`);

  // --- the PyTorch anchor: same MobileNet files, same machine, same run ---
  const torch = runTorchAnchor(
    SHARED,
    pipeline.weightsDir(pipeline.DEFAULT_BACKBONE),
    sample.slice(0, 3).map((i) => i.file),
  );
  if ('skipped' in torch) {
    console.log(`\nPyTorch comparison skipped: ${torch.skipped}`);
    return;
  }
  const b1 = torch.msPerPhoto.get('threads=2 batch=1')!;
  const b16 = torch.msPerPhoto.get('threads=2 batch=16')!;
  const ours1 = quantile((stages.get(`backbone ${mobilenet.name}`) ?? stages.get(`for comparison: backbone ${mobilenet.name}`))!, 0.5);
  const ours16 = throughput.get(pipeline.DEFAULT_BACKBONE)!;
  console.log(`\nPyTorch ${torch.version}, 2 threads, MobileNet to the 768 features: batch 1 ${ms(b1)}/photo, batch 16 ${ms(b16)}/photo`);
  console.log(
    `ratio ours/PyTorch, MobileNet: batch 1 ${(ours1 / b1).toFixed(2)}x (our backbone p50, one wasm thread); ` +
      `batch 16 ${(ours16 / b16).toFixed(2)}x (two worker threads, including decode); batch 16 in one process ${(oneProcess / b16).toFixed(2)}x`,
  );
}

await runMain(main);
