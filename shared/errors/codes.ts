/**
 * Every error code a caller can see, with the HTTP status it is answered with. One table so that a new code
 * cannot be thrown without deciding its status (the code is typed `ErrorCode`), and so that OpenAPI lists them.
 * Codes are snake_case on the wire and in code alike (media reasons keep their hyphenated form only as
 * `MediaError.reason`, the word ingest summaries group by).
 *
 * 5xx rows are the server's own faults: the caller gets a reference and the log gets the message.
 * 503: the operator (or a retry) can fix it and the same request will then work.
 */
export const ERROR_STATUS = {
  // the caller's input
  invalid_input: 400,
  // a curation pass's parameter (a select-uniques target, a threshold given in code)
  invalid_parameter: 400,
  invalid_json: 400,
  invalid_multipart: 400,
  invalid_cursor: 400,
  invalid_query: 400,
  invalid_filter: 400,
  invalid_field: 400,
  invalid_limit: 400,
  invalid_threshold: 400,
  invalid_vector: 400,
  invalid_vectors: 400,
  invalid_view: 400,
  invalid_snapshot: 400,
  invalid_webhook: 400,
  webhook_not_allowed: 400,
  invalid_uri: 400,
  invalid_output: 400,
  invalid_model_name: 400,
  unknown_field: 400,
  unknown_model: 400,
  // `models pull` of the built-in model: it has no files to fetch
  nothing_to_pull: 400,
  malformed_event: 400,
  not_a_folder: 400,
  box: 400,
  invalid_box: 400,
  empty: 400,
  corrupt: 400,
  invalid_key: 401,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  gone: 404,
  view_exists: 409,
  snapshot_exists: 409,
  no_curation_run: 409,
  finished: 409,
  stale_cursor: 409,
  no_originals: 409,
  original_changed: 409,
  // the store's state refuses the request (reembed over a store that holds other datasets, or the same model)
  conflict: 409,
  // too many images arrived since the last run for an incremental pass: a full run is due
  needs_full_run: 409,
  too_large: 413,
  too_many_pixels: 413,
  side_too_long: 413,
  extreme_aspect_ratio: 415,
  unsupported_format: 415,
  unsupported_media_type: 415,
  no_image_tower: 422,
  no_text_tower: 422,
  unverified: 422,
  // the server's own state or a fault on its side
  internal: 500,
  invalid_config: 500,
  invalid_manifest: 500,
  read_only: 500,
  shard_failed: 500,
  // a worker of a partitioned curation run failed or left its part of the graph incomplete
  partition_failed: 500,
  not_supported: 501,
  vectors_unavailable: 502,
  upstream_failed: 502,
  upstream_busy: 503,
  upstream_timeout: 504,
  unavailable: 503,
  overloaded: 503,
  locked: 503,
  invalid_keys_file: 503,
  model_mismatch: 503,
  schema_too_new: 503,
  // a store written before a column that cannot be added in place: the operator re-creates it
  schema_too_old: 503,
  model_not_installed: 503,
  model_files: 503,
  provider: 503,
  // model downloads: CLI-only, never reached through the API, but still given their meaning
  offline: 503,
  unreachable: 503,
  no_url: 500,
  checksum: 502,
  download_http: 502,
  download_size: 502,
  download_interrupted: 502,
} as const satisfies Record<
  string,
  400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 500 | 501 | 502 | 503 | 504
>;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

/** The codes as a tuple, for `z.enum` and the OpenAPI error schema. */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** A 5xx code: the message names server internals and is logged, not sent. */
export const isServerFault = (code: ErrorCode): boolean => ERROR_STATUS[code] >= 500;
