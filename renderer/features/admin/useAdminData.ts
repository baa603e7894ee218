/**
 * Loads users, devices and communities from the server for the admin page. Loads on mount and again when
 * the connection returns; never requests while the browser says it is offline. A failed reload keeps the
 * last data on screen (with the failure), so the page does not go blank on a dropped connection.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AdminDevice, AdminUser, CommunityInfo } from '../../../shared/sync/protocol';
import type { AdminApi } from './api';
import { describeAdminFailure, type AdminServerCode } from './serverErrors';

export interface AdminData {
  users: AdminUser[];
  devices: AdminDevice[];
  communities: CommunityInfo[];
}

export interface AdminLoadState {
  data: AdminData | null;
  loading: boolean;
  failure: AdminServerCode | null;
}

export function useAdminData(api: AdminApi | null, online: boolean): AdminLoadState & { reload(): void; update(fn: (d: AdminData) => AdminData): void } {
  const [state, setState] = useState<AdminLoadState>({ data: null, loading: true, failure: null });
  const generation = useRef(0);

  // Sets state only when the answers arrive (never synchronously), so it can run from an effect.
  const fetchAll = useCallback(() => {
    if (api === null) return;
    const gen = ++generation.current;
    void Promise.all([api.listUsers(), api.listDevices(), api.listCommunities()]).then(
      ([users, devices, communities]) => {
        if (gen === generation.current) setState({ data: { users, devices, communities }, loading: false, failure: null });
      },
      (err: unknown) => {
        if (gen === generation.current) setState((s) => ({ data: s.data, loading: false, failure: describeAdminFailure(err).code }));
      },
    );
  }, [api]);

  const reload = useCallback(() => {
    setState((s) => ({ ...s, loading: true }));
    fetchAll();
  }, [fetchAll]);

  useEffect(() => {
    if (online) fetchAll();
  }, [online, fetchAll]);

  const update = useCallback((fn: (d: AdminData) => AdminData) => {
    setState((s) => (s.data === null ? s : { ...s, data: fn(s.data) }));
  }, []);

  return { ...state, reload, update };
}
