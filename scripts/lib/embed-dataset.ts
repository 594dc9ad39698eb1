import type { EmbedPool, View } from '../../src/classifier/pipeline/index.ts';
import { backboneMembers, concatFeatures, createEmbedPool, loadManifest, sha256 } from '../../src/classifier/pipeline/index.ts';
import type { Dataset } from './dataset.ts';
import { readPhoto } from './dataset.ts';
import { EmbeddingCache } from './embedding-cache.ts';

const BATCH = 16;

/**
 * Features of every photo of a dataset for each view, from the on-disk cache where present and
 * otherwise embedded by a worker pool (one worker per core). A combined backbone concatenates its
 * members' features. Returns features[view][item].
 */
export async function embedDataset(
  dataset: Dataset,
  backbone: string,
  views: readonly View[],
  log: (line: string) => void = () => {},
): Promise<{ shas: string[]; features: Float32Array[][] }> {
  const shas: string[] = [];
  for (const item of dataset.items) shas.push(sha256(await readPhoto(item)));
  const perMember: Float32Array[][][] = [];
  for (const member of backboneMembers(backbone)) {
    const spec = await loadManifest(member);
    let pool: EmbedPool | undefined;
    const memberViews: Float32Array[][] = [];
    try {
      for (const view of views) {
        const cache = await EmbeddingCache.open(member, spec.featureSize, view);
        const missing = dataset.items.map((item, i) => ({ item, sha: shas[i]! })).filter(({ sha }) => !cache.get(sha));
        if (missing.length > 0) {
          pool ??= await createEmbedPool({ backbone: member });
          const started = performance.now();
          let done = 0;
          const batches = Array.from({ length: Math.ceil(missing.length / BATCH) }, (_, b) => missing.slice(b * BATCH, (b + 1) * BATCH));
          await Promise.all(
            batches.map(async (batch) => {
              const bytes = await Promise.all(batch.map(({ item }) => readPhoto(item)));
              const features = await pool!.embed(bytes, view);
              await cache.add(batch.map(({ sha }, i) => ({ sha, features: features[i]! })));
              done += batch.length;
              if (done % 160 < BATCH || done === missing.length) {
                log(`  ${member} ${JSON.stringify(view)}: ${done}/${missing.length} embedded (${((performance.now() - started) / done).toFixed(0)} ms/photo)`);
              }
            }),
          );
        }
        memberViews.push(shas.map((sha) => cache.get(sha)!));
      }
    } finally {
      await pool?.close();
    }
    perMember.push(memberViews);
  }
  const features = views.map((_, v) => shas.map((_, i) => concatFeatures(perMember.map((member) => member[v]![i]!))));
  return { shas, features };
}
