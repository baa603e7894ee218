/**
 * Typed calls to the server's admin API (/admin/*, docs/sync-protocol.md), made with the signed-in session's
 * access token the way the sync client makes its calls: bearer token from the TokenProvider (SyncAuth), one
 * refresh and resend after 401 `auth_expired`, failures as SyncFailure with the protocol's stable code.
 *
 * Invariants:
 * - Every failure is a SyncFailure: 'network' when there was no answer (offline, timeout, cut connection),
 *   'signed_out' when no token can be had, else the server's ErrorBody code (or 'protocol' for garbage).
 * - Every answer is validated with the shared protocol schema before it is returned.
 * - Passwords travel only in request bodies and are never kept here or put in an error.
 */
import { z } from 'zod';
import {
  AdminDevice,
  AdminDeviceList,
  AdminUser,
  AdminUserList,
  CommunityInfoList,
  ENDPOINTS,
  ErrorBody,
  type AdminCreateUserRequest,
  type AdminResetPasswordRequest,
  type AdminUpdateUserRequest,
  type CommunityInfo,
} from '../../../shared/sync/protocol';
import { SyncFailure, type FetchLike, type TokenProvider } from '../../sync/client';

export type { AdminDevice, AdminUser, CommunityInfo };

export interface AdminApiOptions {
  baseUrl: string;
  tokens: TokenProvider;
  fetch?: FetchLike;
  timeoutMs?: number;
}

type Method = 'GET' | 'POST' | 'PATCH';

const UserAnswer = z.strictObject({ user: AdminUser });
const DeviceAnswer = z.strictObject({ device: AdminDevice });

function withId(path: string, id: string): string {
  return path.replace(':id', encodeURIComponent(id));
}

export class AdminApi {
  private readonly baseUrl: string;
  private readonly tokens: TokenProvider;
  private readonly fetchFn: FetchLike;
  private readonly timeoutMs: number;

  constructor(o: AdminApiOptions) {
    this.baseUrl = o.baseUrl.replace(/\/+$/, '');
    this.tokens = o.tokens;
    this.fetchFn = o.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = o.timeoutMs ?? 30_000;
  }

  async listUsers(): Promise<AdminUser[]> {
    return this.parse(AdminUserList, await this.request('GET', ENDPOINTS.adminListUsers.path), 'users').users;
  }

  async createUser(body: AdminCreateUserRequest): Promise<AdminUser> {
    return this.parse(UserAnswer, await this.request('POST', ENDPOINTS.adminCreateUser.path, body), 'create user').user;
  }

  async updateUser(id: string, patch: AdminUpdateUserRequest): Promise<AdminUser> {
    return this.parse(UserAnswer, await this.request('PATCH', withId(ENDPOINTS.adminUpdateUser.path, id), patch), 'update user').user;
  }

  async resetPassword(id: string, body: AdminResetPasswordRequest): Promise<void> {
    await this.request('POST', withId(ENDPOINTS.adminResetPassword.path, id), body);
  }

  async listDevices(): Promise<AdminDevice[]> {
    return this.parse(AdminDeviceList, await this.request('GET', ENDPOINTS.adminListDevices.path), 'devices').devices;
  }

  async revokeDevice(id: string): Promise<AdminDevice> {
    return this.parse(DeviceAnswer, await this.request('POST', withId(ENDPOINTS.adminRevokeDevice.path, id), {}), 'revoke').device;
  }

  async listCommunities(): Promise<CommunityInfo[]> {
    return this.parse(CommunityInfoList, await this.request('GET', ENDPOINTS.adminListCommunities.path), 'communities').communities;
  }

  private parse<S extends z.ZodType>(schema: S, json: unknown, what: string): z.output<S> {
    const r = schema.safeParse(json);
    if (!r.success) throw new SyncFailure('protocol', `${what}: malformed answer`, 200);
    return r.data;
  }

  private async token(kind: 'access' | 'refresh'): Promise<string> {
    let token: string | null;
    try {
      token = kind === 'access' ? await this.tokens.accessToken() : await this.tokens.refresh();
    } catch (err) {
      // SyncAuth throws when the refresh itself got no answer: that is being offline, not signed out.
      throw new SyncFailure('network', `token: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (token === null) throw new SyncFailure('signed_out', 'sign-in needed');
    return token;
  }

  private async send(method: Method, path: string, body: unknown, token: string): Promise<{ status: number; text: string }> {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), this.timeoutMs);
    try {
      const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
      const init: RequestInit = { method, headers, signal: ctrl.signal, cache: 'no-store' };
      if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
      const res = await this.fetchFn(this.baseUrl + path, init);
      return { status: res.status, text: await res.text() };
    } catch (err) {
      throw new SyncFailure('network', `no answer from ${path}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** One bearer request; refreshes once on 401 auth_expired and resends it unchanged. Null for an empty 2xx. */
  async request(method: Method, path: string, body?: unknown): Promise<unknown> {
    let token = await this.token('access');
    for (let attempt = 0; ; attempt++) {
      const res = await this.send(method, path, body, token);
      const ok = res.status >= 200 && res.status < 300;
      if (ok && res.text === '') return null;
      let json: unknown;
      try {
        json = JSON.parse(res.text);
      } catch {
        if (ok) throw new SyncFailure('protocol', `${path}: answer is not JSON`, res.status);
        throw new SyncFailure(res.status >= 500 ? 'internal' : 'protocol', `${path}: HTTP ${res.status} without an error body`, res.status);
      }
      if (ok) return json;
      const parsed = ErrorBody.safeParse(json);
      if (!parsed.success) throw new SyncFailure(res.status >= 500 ? 'internal' : 'protocol', `${path}: HTTP ${res.status}`, res.status);
      const e = parsed.data.error;
      if (e.code === 'auth_expired' && attempt === 0) {
        token = await this.token('refresh');
        continue;
      }
      throw new SyncFailure(e.code, e.message, res.status, e);
    }
  }
}
