/** Visual clusters are read at levels 0 (coarse) .. VISUAL_LEVEL_MAX (fine): the API's bound and the page's picker. */
export const VISUAL_LEVEL_MAX = 4;
