export { checkWebhookUrl } from './allow.ts';
export { alertPayload, type DeliveryOptions } from './deliver.ts';
export { SIGNATURE_HEADER, signPayload, verifySignature } from './sign.ts';
export type { Alert, PublicView, SavedView, ViewCheck } from './types.ts';
export { type NewView, openViews, type Views, type ViewsOptions } from './views.ts';
