-- 007_device_keys: refresh bound to a device key (docs/security.md §4, docs/sync-protocol.md §4).
-- The public half of the key the device made at sign-in (a P-256 JWK, JSON text); null for a session signed
-- in without one, which gets no refresh token.
ALTER TABLE devices ADD COLUMN public_key_jwk text;
-- For answering a resent refresh (a lost reply) with the same pair, until the grace window ends:
-- the proof's jti and SHA-256, and the pair that rotation issued, AES-256-GCM under a key derived from the
-- jti and the presented token (which the server keeps only hashed), so the row alone cannot open it.
-- Cleared as soon as the successor token is used or the device's tokens are voided.
ALTER TABLE refresh_tokens ADD COLUMN used_proof_jti text;
ALTER TABLE refresh_tokens ADD COLUMN used_proof_hash text;
ALTER TABLE refresh_tokens ADD COLUMN retry_box text;
