import { createHash } from "node:crypto";
import type { Schema } from "@tracegen/db";
import type { Embedder } from "@tracegen/embed";
import type { Logger } from "@tracegen/log";
import type { Kysely } from "kysely";
import { CoverageCache, type SnapshotCoverage } from "./coverage.js";
import { type EmbeddingSpace, familyOf, findSpace, LOCAL_FAMILY, listSpaces } from "./embedding-spaces.js";
import { readVectorByHash } from "./embeddings.repository.js";
import { RetrievalError, RetrievalErrorCode } from "./errors.js";
import { embedSnapshot, type IndexSnapshotResult } from "./index-snapshot.js";
import { type RetrievabilityReport, retrievabilityReport } from "./retrievability.js";
import { type RetrievalStats, readStats } from "./retrieval-stats.js";
import { type SearchFilter, unitPredicate } from "./search-filter.js";
import { isTestPath, requireSeedQuery, type SeedQuery, type TraceForApplicability } from "./seed-query.js";
import {
  type IndexSettings,
  type SpaceIndex,
  type SpaceIndexContext,
  spaceGeneration,
  syncSpaceIndex,
  type UnitRecord,
} from "./space-index.js";
import { searchSpace, type UnitHit } from "./space-search.js";
import { formatUnitId, parseUnitId } from "./unit-id.js";

/**
 * Whether a trace's inverse edit applies to a unit: the port through which synthesis' transplant
 * check re-ranks seed candidates. The default says yes to everything.
 */
export type Applicability = (trace: TraceForApplicability, unit: { path: string; source: string }) => boolean;

/** What the retrieval core needs. */
export interface RetrievalCoreOptions {
  db: Kysely<Schema>;
  /** Default: the local code embedder, with corpus statistics frozen per repository. */
  embedder?: Embedder;
  /** Where index files live (one per repository and embedder). */
  indexDir: string;
  logger: Logger;
  applicability?: Applicability;
  /** HNSW settings; default: the vector-index library's. */
  index?: IndexSettings;
  /** Texts per embedder call, each chunk stored before the next (default 512). */
  embedChunk?: number;
  /** How often a search asks Postgres whether another process indexed more (default 1 s). */
  refreshMs?: number;
}

/** What to search with: a unit of a snapshot, code, text, or a seed (its buggy unit and trace). */
export type SearchQuery = { unitId: string } | { code: string } | { text: string } | { seedId: string };

/** Options of one search. */
export interface SearchOptions {
  filter?: SearchFilter;
  /** Hits wanted (default 10, at most 1000). */
  k?: number;
  /** Fill `source` and `docstring` of each hit. */
  withSource?: boolean;
  signal?: AbortSignal;
}

/** One found unit. */
export interface RetrievalHit {
  unitId: string;
  snapshotId: string;
  path: string;
  qualifiedName: string;
  kind: string;
  startLine: number;
  endLine: number;
  contentHash: string;
  signature: string;
  docstring?: string;
  source?: string;
  /** Cosine similarity of the unit's vector and the query's. */
  score: number;
  /** Executed by a passing, non-flaky test of the snapshot's baseline (false without a coverage map). */
  covered: boolean;
  /** Seed queries only: whether the trace's inverse edit applies to the unit. */
  applicable?: boolean;
}

/** The retrieval service's core. */
export interface RetrievalCore {
  /** The embedder family in use, e.g. "local-code-hash-v1+idf". */
  readonly embedderName: string;
  /** Embeds a snapshot's units (each content hash once, ever) and brings its repository's index up to date. */
  indexSnapshot(snapshotId: string, signal?: AbortSignal): Promise<IndexSnapshotResult>;
  /**
   * Nearest units to a query. Seed queries return seed candidates: the nearest units of the
   * seed's snapshot (tests and the seed's own units left out), applicable and covered ones first.
   */
  search(query: SearchQuery, options?: SearchOptions): Promise<RetrievalHit[]>;
  /** For seeds (default: all), whether each has at least one applicable, covered candidate, and why not. */
  retrievability(seedIds?: readonly string[], options?: { depth?: number }): Promise<RetrievabilityReport>;
  stats(): Promise<RetrievalStats>;
}

const MAX_K = 1000;

/** Builds the retrieval core. */
export function createRetrievalCore(options: RetrievalCoreOptions): RetrievalCore {
  const { db, logger } = options;
  const applicability: Applicability = options.applicability ?? (() => true);
  const refreshMs = options.refreshMs ?? 1_000;
  const ctx: SpaceIndexContext = { db, indexDir: options.indexDir, logger, settings: options.index ?? {} };
  const coverage = new CoverageCache(db);
  const states = new Map<string, Promise<SpaceIndex | undefined>>();
  let repoList: { at: number; list: Promise<string[]> } | undefined;
  /** Repositories with a space of this family, asked again at most every `refreshMs`. */
  const indexedRepos = () => {
    if (repoList === undefined || Date.now() - repoList.at >= refreshMs) {
      const list = listSpaces(db, options.embedder);
      list.catch(() => {
        repoList = undefined;
      });
      repoList = { at: Date.now(), list };
    }
    return repoList.list;
  };
  const locks = new Map<string, Promise<unknown>>();

  /** Runs `task` after every earlier task of the same repository: one index writer per space. */
  function locked<T>(repo: string, task: () => Promise<T>): Promise<T> {
    const run = (locks.get(repo) ?? Promise.resolve()).then(task, task);
    locks.set(
      repo,
      run.catch(() => {}),
    );
    return run;
  }

  /** The repository's index in memory, loaded on first use and refreshed when another process indexed more. */
  async function spaceState(repo: string): Promise<SpaceIndex | undefined> {
    let entry = states.get(repo);
    if (entry === undefined) {
      entry = locked(repo, async () => {
        const space = await findSpace(db, repo, options.embedder);
        return space === undefined ? undefined : syncSpaceIndex(ctx, space);
      });
      const created = entry;
      created.catch(() => {
        if (states.get(repo) === created) states.delete(repo);
      });
      states.set(repo, created);
    }
    const state = await entry;
    if (state === undefined) {
      // Not indexed when first asked; ask again next time.
      if (states.get(repo) === entry) states.delete(repo);
      return undefined;
    }
    if (Date.now() - state.checkedAt >= refreshMs) {
      state.checkedAt = Date.now();
      if ((await spaceGeneration(db, state.space.id)) !== state.generation)
        await locked(repo, () => syncSpaceIndex(ctx, state.space, state));
    }
    return state;
  }

  async function requireState(repo: string, what: string): Promise<SpaceIndex> {
    const state = await spaceState(repo);
    if (state === undefined)
      throw new RetrievalError(
        RetrievalErrorCode.NotIndexed,
        `${what}: repository ${repo} has no indexed snapshot for embedder ${familyOf(options.embedder)}; run IndexSnapshot (tracegen index) first`,
      );
    return state;
  }

  function requireSnapshotIndexed(state: SpaceIndex, snapshotId: string): void {
    if (!state.snapshotRank.has(snapshotId))
      throw new RetrievalError(
        RetrievalErrorCode.NotIndexed,
        `snapshot ${snapshotId} is not indexed for embedder ${state.space.family}; run IndexSnapshot (tracegen index --snapshot) first`,
      );
  }

  /** Snapshot → repository never changes: asked of Postgres once per snapshot. */
  const repos = new Map<string, string>();
  async function repoOfSnapshot(snapshotId: string): Promise<string> {
    const known = repos.get(snapshotId);
    if (known !== undefined) return known;
    const row = await db
      .selectFrom("snapshots")
      .select("repo")
      .where("id", "=", snapshotId)
      .executeTakeFirst();
    if (!row) throw new RetrievalError(RetrievalErrorCode.NotFound, `snapshot ${snapshotId} not found`);
    repos.set(snapshotId, row.repo);
    return row.repo;
  }

  /** Coverage of every snapshot the hits (or, for covered-only, the candidates) may come from. */
  async function coverageOf(
    snapshotIds: Iterable<string>,
  ): Promise<Map<string, SnapshotCoverage | undefined>> {
    const out = new Map<string, SnapshotCoverage | undefined>();
    for (const id of snapshotIds) if (!out.has(id)) out.set(id, await coverage.get(id));
    return out;
  }

  async function embedQuery(
    space: EmbeddingSpace,
    text: string,
    signal?: AbortSignal,
  ): Promise<Float32Array> {
    // A unit's code may be stored already (the seed's buggy unit usually is): for a remote
    // embedder that saves a paid call; the local one embeds faster than Postgres answers.
    if (space.family !== LOCAL_FAMILY) {
      const hash = createHash("sha256").update(text).digest("hex");
      const stored = await readVectorByHash(db, space.embedderId, hash);
      if (stored) return stored;
    }
    try {
      const [vector] = await space.embedder.embed([text], signal);
      if (!vector) throw new Error("the embedder returned no vector");
      return vector;
    } catch (error) {
      throw new RetrievalError(
        RetrievalErrorCode.Embedder,
        `embedding the query failed: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }

  /** Searches one repository's space with a filter; `extra` narrows further (seed queries). */
  async function searchRepo(
    state: SpaceIndex,
    vector: Float32Array,
    k: number,
    filter: SearchFilter,
    extra?: (unit: UnitRecord) => boolean,
  ): Promise<UnitHit[]> {
    const snapshots = filter.snapshotId ? [filter.snapshotId] : [...state.snapshotRank.keys()];
    const cover = filter.coveredOnly ? await coverageOf(snapshots) : new Map();
    return searchSpace(state, vector, k, unitPredicate(filter, cover, extra));
  }

  async function toHits(
    found: (UnitHit & { applicable?: boolean })[],
    withSource: boolean,
  ): Promise<RetrievalHit[]> {
    const cover = await coverageOf(found.map((h) => h.unit.snapshotId));
    const details = withSource ? await unitDetails(found.map((h) => h.unit.contentHash)) : undefined;
    return found.map(({ unit, score, applicable }) => ({
      unitId: formatUnitId(unit),
      snapshotId: unit.snapshotId,
      path: unit.path,
      qualifiedName: unit.qualifiedName,
      kind: unit.kind,
      startLine: unit.startLine,
      endLine: unit.endLine,
      contentHash: unit.contentHash,
      signature: unit.signature,
      ...(details
        ? {
            source: details.get(unit.contentHash)?.source ?? "",
            docstring: details.get(unit.contentHash)?.docstring ?? "",
          }
        : {}),
      score,
      covered: cover.get(unit.snapshotId)?.covers(unit) === true,
      ...(applicable === undefined ? {} : { applicable }),
    }));
  }

  async function unitDetails(hashes: string[]): Promise<Map<string, { source: string; docstring: string }>> {
    const out = new Map<string, { source: string; docstring: string }>();
    const unique = [...new Set(hashes)];
    if (unique.length === 0) return out;
    const rows = await db
      .selectFrom("unit_contents")
      .select(["content_hash", "source", "docstring"])
      .where("content_hash", "in", unique)
      .execute();
    for (const r of rows) out.set(r.content_hash, { source: r.source, docstring: r.docstring });
    return out;
  }

  async function searchByUnit(unitId: string, k: number, filter: SearchFilter, signal?: AbortSignal) {
    const address = parseUnitId(unitId);
    const repo = await repoOfSnapshot(address.snapshotId);
    if (filter.repo && filter.repo !== repo) return [];
    const state = await requireState(repo, `unit ${unitId}`);
    requireSnapshotIndexed(state, address.snapshotId);
    const unit = state.unitsBySnapshot
      .get(address.snapshotId)
      ?.find((u) => u.path === address.path && u.qualifiedName === address.qualifiedName);
    if (!unit) throw new RetrievalError(RetrievalErrorCode.NotFound, `unit ${unitId} not found`);
    const vector =
      (await readVectorByHash(db, state.space.embedderId, unit.contentHash)) ??
      (await embedQuery(
        state.space,
        (await unitDetails([unit.contentHash])).get(unit.contentHash)?.source ?? "",
        signal,
      ));
    // The unit itself is not an answer to "what is like this unit".
    return searchRepo(state, vector, k, {
      ...filter,
      excludeUnits: [...(filter.excludeUnits ?? []), unitId],
    });
  }

  async function searchByText(text: string, k: number, filter: SearchFilter, signal?: AbortSignal) {
    if (text.trim() === "") throw new RetrievalError(RetrievalErrorCode.BadInput, "the query is empty");
    let repos: string[];
    if (filter.snapshotId) {
      const repo = await repoOfSnapshot(filter.snapshotId);
      if (filter.repo && filter.repo !== repo) return [];
      repos = [repo];
    } else repos = filter.repo ? [filter.repo] : await indexedRepos();
    const hits: UnitHit[] = [];
    for (const repo of repos) {
      const state = await (filter.repo || filter.snapshotId
        ? requireState(repo, "search")
        : spaceState(repo));
      if (state === undefined) continue;
      if (filter.snapshotId) requireSnapshotIndexed(state, filter.snapshotId);
      hits.push(...(await searchRepo(state, await embedQuery(state.space, text, signal), k, filter)));
    }
    // Spaces of several repositories: their cosines are comparable, merge by score.
    return hits.sort((a, b) => b.score - a.score).slice(0, k);
  }

  /** Seed candidates before the cut to k: nearest units, evaluated and ordered. */
  async function seedCandidates(
    seed: SeedQuery,
    depth: number,
    filter: SearchFilter,
    signal?: AbortSignal,
  ): Promise<(UnitHit & { applicable: boolean; covered: boolean; source: string })[]> {
    let repo = seed.repo;
    let snapshotId: string | undefined = filter.snapshotId || undefined;
    if (snapshotId) repo = await repoOfSnapshot(snapshotId);
    else if (filter.repo && filter.repo !== seed.repo) repo = filter.repo;
    else snapshotId = seed.snapshotId;
    const state = await requireState(repo, `seed ${seed.seedId}`);
    if (snapshotId) requireSnapshotIndexed(state, snapshotId);
    const narrowed: SearchFilter = { ...filter, ...(snapshotId ? { snapshotId } : {}) };
    const notOwn = (u: UnitRecord) =>
      !isTestPath(u.path) && !seed.ownUnits.has(`${u.path}\n${u.qualifiedName}`);
    const best = new Map<string, UnitHit>();
    for (const buggy of seed.buggy) {
      const vector = await embedQuery(state.space, buggy.before, signal);
      for (const hit of await searchRepo(state, vector, depth, narrowed, notOwn)) {
        const id = formatUnitId(hit.unit);
        const seen = best.get(id);
        if (seen === undefined || hit.score > seen.score) best.set(id, hit);
      }
    }
    const found = [...best.values()];
    const sources = await unitDetails(found.map((h) => h.unit.contentHash));
    const cover = await coverageOf(found.map((h) => h.unit.snapshotId));
    const evaluated = found.map((hit) => {
      const source = sources.get(hit.unit.contentHash)?.source ?? "";
      return {
        ...hit,
        source,
        applicable: applicability(seed.trace, { path: hit.unit.path, source }),
        covered: cover.get(hit.unit.snapshotId)?.covers(hit.unit) === true,
      };
    });
    const tier = (h: { applicable: boolean; covered: boolean }) =>
      h.applicable && h.covered ? 0 : h.applicable ? 1 : h.covered ? 2 : 3;
    return evaluated.sort((a, b) => tier(a) - tier(b) || b.score - a.score);
  }

  return {
    embedderName: familyOf(options.embedder),

    async indexSnapshot(snapshotId, signal) {
      const started = performance.now();
      const { space, result } = await embedSnapshot(
        { db, embedder: options.embedder, logger, chunk: options.embedChunk ?? 512 },
        snapshotId,
        signal,
      );
      const embedded = performance.now();
      const state = await locked(space.repo, async () => {
        const current = await states.get(space.repo)?.catch(() => undefined);
        return syncSpaceIndex(ctx, space, current);
      });
      states.set(space.repo, Promise.resolve(state));
      const now = performance.now();
      return {
        ...result,
        vectors: state.index.size(),
        durationMs: Math.round(now - started),
        embedMs: Math.round(embedded - started),
        indexMs: Math.round(now - embedded),
      };
    },

    async search(query, searchOptions = {}) {
      const k = searchOptions.k ?? 10;
      if (!Number.isInteger(k) || k < 1 || k > MAX_K)
        throw new RetrievalError(
          RetrievalErrorCode.BadInput,
          `k must be an integer from 1 to ${MAX_K}, got ${k}`,
        );
      const filter = searchOptions.filter ?? {};
      const withSource = searchOptions.withSource ?? false;
      const signal = searchOptions.signal;
      if ("seedId" in query) {
        const seed = await requireSeedQuery(db, query.seedId);
        const candidates = (await seedCandidates(seed, Math.max(4 * k, 50), filter, signal)).slice(0, k);
        return toHits(candidates, withSource);
      }
      const found =
        "unitId" in query
          ? await searchByUnit(query.unitId, k, filter, signal)
          : await searchByText("code" in query ? query.code : query.text, k, filter, signal);
      return toHits(found, withSource);
    },

    async retrievability(seedIds, reportOptions = {}) {
      const depth = reportOptions.depth ?? 50;
      return retrievabilityReport(db, seedIds, {
        state: (repo) => spaceState(repo),
        coverage: (snapshotId) => coverage.get(snapshotId),
        candidates: (seed) => seedCandidates(seed, depth, { coveredOnly: true }),
      });
    },

    stats: () => readStats(db, familyOf(options.embedder)),
  };
}
