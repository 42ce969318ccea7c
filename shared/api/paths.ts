/** URLs the answers link to, relative to the API's origin so they work behind any host or edge. */
export const API_PREFIX = '/v1';

const encode = encodeURIComponent;

export const thumbnailUrl = (dataset: string, id: string) =>
  `${API_PREFIX}/datasets/${encode(dataset)}/images/${id}/thumbnail`;

export const originalUrl = (dataset: string, id: string) =>
  `${API_PREFIX}/datasets/${encode(dataset)}/images/${id}/original`;
