/**
 * The evaluation profile shipped with the demo content: Healthy Hebei evaluated with the default
 * progress methods, the demonstration city assessment (content/schemes/hebei-city-assessment.yaml)
 * and the demonstration health index (content/indices/hebei-health-index.yaml). Without a profile a
 * fresh server's dashboard index answers 404 and the score ranking is empty (docs/evaluation-runs.md).
 *
 * Saved by `loadContent(…, { demo: true, profiles: true })`, and only when the framework has no
 * profile yet: a profile set later through the API (`PUT /api/v1/frameworks/:code/evaluation-profile`)
 * is never overwritten by a content reload.
 */
import type { Kysely } from 'kysely';
import { contentDir, readContentYaml } from '../../content/files.js';
import { DEFAULT_PROGRESS_METHODS, EvaluationService } from '../evaluation/index.js';
import { EvaluationRepository } from '../../storage/repositories/evaluation.repository.js';
import type { DB } from '../../storage/schema.js';

export interface DemoProfile {
  readonly framework: string;
  /** Files under the content directory. */
  readonly schemeFile: string;
  readonly indexFile: string;
}

export const DEMO_PROFILES: readonly DemoProfile[] = [
  { framework: 'healthy-hebei-2023-2027', schemeFile: 'schemes/hebei-city-assessment.yaml', indexFile: 'indices/hebei-health-index.yaml' },
];

/**
 * Save each demo profile whose framework has none (validated by `EvaluationService.saveProfile`).
 * Returns the frameworks whose profile was saved.
 */
export async function saveDemoProfiles(db: Kysely<DB>, actor: string, dir: string = contentDir()): Promise<string[]> {
  const saved: string[] = [];
  const service = new EvaluationService(db);
  const repository = new EvaluationRepository(db);
  for (const profile of DEMO_PROFILES) {
    if (await repository.getProfile(profile.framework)) continue;
    await service.saveProfile({
      framework: profile.framework,
      methods: DEFAULT_PROGRESS_METHODS,
      scheme: readContentYaml(dir, profile.schemeFile),
      indexConfig: readContentYaml(dir, profile.indexFile),
    }, actor);
    saved.push(profile.framework);
  }
  return saved;
}
