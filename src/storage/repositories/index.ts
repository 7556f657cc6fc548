/** Repositories: all SQL lives here. Construct each with a `Kysely<DB>` (or a transaction). */
import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { AuditRepository } from './audit.repository.js';
import { DataValueRepository, type DataValueRepositoryOptions } from './data-value.repository.js';
import { FrameworkRepository } from './framework.repository.js';
import { ImportBatchRepository } from './import-batch.repository.js';
import { MetadataRepository } from './metadata.repository.js';
import { RegionRepository } from './region.repository.js';
import { TargetRepository } from './target.repository.js';

export * from './audit.repository.js';
export * from './data-value.repository.js';
export * from './framework.repository.js';
export * from './import-batch.repository.js';
export * from './metadata.repository.js';
export * from './region.repository.js';
export * from './target.repository.js';
// Access and reporting repositories (the API's); built on demand, not part of `createRepositories`.
export * from './user.repository.js';
export * from './session.repository.js';
export * from './token.repository.js';
export * from './scope.repository.js';
export * from './dataset.repository.js';
export * from './workflow.repository.js';
export * from './attachment.repository.js';
export * from './validation-rule.repository.js';
export * from './aggregate.repository.js';
export * from './evaluation.repository.js';

export interface Repositories {
  readonly regions: RegionRepository;
  readonly metadata: MetadataRepository;
  readonly frameworks: FrameworkRepository;
  readonly targets: TargetRepository;
  readonly dataValues: DataValueRepository;
  readonly audit: AuditRepository;
  readonly importBatches: ImportBatchRepository;
}

/** Every repository over one Kysely instance; pass a transaction to make them share it. */
export function createRepositories(db: Kysely<DB>, options: { readonly dataValues?: DataValueRepositoryOptions } = {}): Repositories {
  return {
    regions: new RegionRepository(db),
    metadata: new MetadataRepository(db),
    frameworks: new FrameworkRepository(db),
    targets: new TargetRepository(db),
    dataValues: new DataValueRepository(db, options.dataValues),
    audit: new AuditRepository(db),
    importBatches: new ImportBatchRepository(db),
  };
}
