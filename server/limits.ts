/** Request body limits. Push bodies are capped at 2 MiB by the protocol; the margin keeps a full batch inside. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024 + 512 * 1024;
export const AUTH_BODY_LIMIT = 16 * 1024;
export const ADMIN_BODY_LIMIT = 64 * 1024;
