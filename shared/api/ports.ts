import type { z } from 'zod';
import type { ClusterPage, ClustersQuery, ObjectsQuery, Run } from './schemas/curation.ts';
import type { DatasetList, DatasetSummary, Health } from './schemas/datasets.ts';
import type { DistributionsQuery, ScoreDistributions } from './schemas/distributions.ts';
import type { ExportFormat } from './schemas/export.ts';
import type { ViewFilters } from './schemas/filters.ts';
import type { ImageDetail, ImagePage, ImageSort, ObjectPage } from './schemas/images.ts';
import type { LabelHealthAnswer } from './schemas/labels.ts';
import type {
  alertSchema,
  createdViewSchema,
  DiffQuery,
  diffSchema,
  NewViewBody,
  restoreSchema,
  snapshotSchema,
  TrainingExportQuery,
  viewSchema,
} from './schemas/manage.ts';
import type { MapPage, MapQuery } from './schemas/map.ts';
import type { SearchResult, SimilarSource } from './schemas/search.ts';
import type { LeaksQuery, leakReportSchema } from './schemas/workflows.ts';

export type LeakReport = z.output<typeof leakReportSchema>;
export type ViewAnswer = z.output<typeof viewSchema>;
export type CreatedView = z.output<typeof createdViewSchema>;
export type AlertAnswer = z.output<typeof alertSchema>;
export type SnapshotAnswer = z.output<typeof snapshotSchema>;
export type DiffAnswer = z.output<typeof diffSchema>;
export type RestoreAnswer = z.output<typeof restoreSchema>;

/**
 * The capabilities the routes need, so the same Hono app runs wherever they can be supplied: over LanceDB and the
 * embedder on Node and Lambda (shared/api/lance), or over a forwarder at the edge where native modules cannot load.
 * Inputs arrive validated; answers are plain data, files are streams.
 */
export interface QueryPort {
  health(): Promise<Health>;
  datasets(): Promise<DatasetList['items']>;
  /** undefined when the dataset holds no image. */
  summary(dataset: string): Promise<DatasetSummary | undefined>;
  listImages(dataset: string, request: ImageListRequest): Promise<ImagePage>;
  image(dataset: string, id: string, options: { threshold?: number }): Promise<ImageDetail | undefined>;
  imageFile(dataset: string, id: string, variant: 'thumbnail' | 'original'): Promise<FileAnswer | undefined>;
  searchText(dataset: string, request: TextSearchRequest): Promise<SearchResult>;
  searchSimilar(dataset: string, request: SimilarRequest): Promise<SearchResult>;
  clusters(dataset: string, query: ClustersQuery): Promise<ClusterPage>;
  /** The embedding map of the latest full run, one page of points. */
  map(dataset: string, query: MapQuery): Promise<MapPage>;
  /** A histogram of each slider's confidence, streamed from the store (memory: the bins and one batch). */
  distributions(dataset: string, query: DistributionsQuery): Promise<ScoreDistributions>;
  objects(dataset: string, query: ObjectsQuery): Promise<ObjectPage>;
  runs(dataset: string, limit: number): Promise<Run[]>;
  latestReport(dataset: string, format: 'json' | 'html'): Promise<FileAnswer | undefined>;
  exportView(dataset: string, request: ExportRequest): Promise<FileAnswer>;
  /** undefined before the first full run that recorded label health. */
  labelHealth(dataset: string): Promise<LabelHealthAnswer | undefined>;
  leaks(dataset: string, query: LeaksQuery): Promise<LeakReport>;
  views(dataset: string): Promise<ViewAnswer[]>;
  createView(dataset: string, body: NewViewBody, owner: Principal): Promise<CreatedView>;
  /** undefined when there is no such view. */
  view(dataset: string, name: string): Promise<ViewAnswer | undefined>;
  /** The deleted view; 404 when there is none, 403 when another key saved it and this one is dataset-scoped. */
  deleteView(dataset: string, name: string, by: Principal): Promise<ViewAnswer>;
  /** undefined when there is no such view. */
  viewAlerts(dataset: string, name: string): Promise<AlertAnswer[] | undefined>;
  snapshots(dataset: string): Promise<SnapshotAnswer[]>;
  createSnapshot(dataset: string, name: string): Promise<SnapshotAnswer>;
  snapshotDiff(dataset: string, from: string, query: DiffQuery): Promise<DiffAnswer>;
  restoreSnapshot(dataset: string, name: string): Promise<RestoreAnswer>;
  /** A COCO / YOLO / list export of the view, as one .tar.gz. */
  trainingExport(dataset: string, request: TrainingExportRequest): Promise<FileAnswer>;
}

export interface TrainingExportRequest {
  filters: ViewFilters;
  format: TrainingExportQuery['format'];
  images: TrainingExportQuery['images'];
  maxImages: number;
}

export interface ImageListRequest {
  filters: ViewFilters;
  sort?: ImageSort;
  cursor?: string;
  limit: number;
}

export interface TextSearchRequest {
  query: string;
  limit: number;
  filters: ViewFilters;
}

export interface SimilarRequest {
  source: SimilarSource;
  limit: number;
  filters: ViewFilters;
  target: 'images' | 'objects';
}

export interface ExportRequest {
  filters: ViewFilters;
  sort?: ImageSort;
  format: ExportFormat;
  maxRows?: number;
}

/** Bytes to send, or a URL to send the client to (a signed URL where the bucket makes them). */
export type FileAnswer =
  | {
      body: ReadableStream<Uint8Array> | Uint8Array;
      contentType: string;
      /** Suggested download name (Content-Disposition). */
      filename?: string;
      /** Seconds a private cache may keep it. */
      maxAge?: number;
    }
  | { redirect: string };

/** Who a key belongs to and what it may read. `datasets: null` is every dataset. */
export interface Principal {
  keyId: string;
  datasets: readonly string[] | null;
}

export interface AuthPort {
  /** undefined for an unknown or revoked key. */
  verify(key: string): Promise<Principal | undefined>;
}

export interface ApiPorts {
  query: QueryPort;
  auth: AuthPort;
}
