import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { i18n, isWebLanguage, switchLanguage, type WebLanguage } from '../i18n';
import { api, ApiProblem, CURRENT_SESSION_PATH, setCsrfToken, setUnauthenticatedHandler } from './client';
import type { Permission, Session, User } from './types';

interface SessionState {
  /** null = signed out; undefined = still finding out. */
  session: Session | null | undefined;
  signIn(email: string, password: string): Promise<Session>;
  signOut(): Promise<void>;
  changeLanguage(language: WebLanguage): Promise<void>;
  can(permission: Permission): boolean;
  user: User | null;
  /** Why the last session ended: the user signed out, or the server stopped accepting it. */
  endedBy: 'user' | 'expiry' | null;
}

const SessionContext = createContext<SessionState | null>(null);
const SESSION_KEY = ['session'] as const;

async function loadSession(): Promise<Session | null> {
  try {
    return await api.get<Session>(CURRENT_SESSION_PATH);
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 401) return null;
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: SESSION_KEY, queryFn: loadSession, staleTime: Infinity, retry: 1 });
  const session = query.data;
  const [endedBy, setEndedBy] = useState<SessionState['endedBy']>(null);

  useEffect(() => {
    setCsrfToken(session?.csrfToken ?? null);
    const language = session?.user.language;
    if (isWebLanguage(language) && language !== i18n.language) void switchLanguage(language);
  }, [session]);

  useEffect(() => {
    // A 401 on any later call means the session is gone: forget everything cached for that user.
    setUnauthenticatedHandler(() => {
      setEndedBy('expiry');
      queryClient.removeQueries({ predicate: (candidate) => candidate.queryKey[0] !== SESSION_KEY[0] });
      queryClient.setQueryData(SESSION_KEY, null);
    });
    return () => setUnauthenticatedHandler(null);
  }, [queryClient]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const created = await api.post<Session>('/api/v1/sessions', { email, password });
      setCsrfToken(created.csrfToken);
      setEndedBy(null);
      queryClient.removeQueries({ predicate: (candidate) => candidate.queryKey[0] !== SESSION_KEY[0] });
      queryClient.setQueryData(SESSION_KEY, created);
      return created;
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await api.delete(CURRENT_SESSION_PATH);
    } finally {
      setEndedBy('user');
      setCsrfToken(null);
      queryClient.removeQueries({ predicate: (candidate) => candidate.queryKey[0] !== SESSION_KEY[0] });
      queryClient.setQueryData(SESSION_KEY, null);
    }
  }, [queryClient]);

  // Saves go one after another: two quick choices (中文, then English) would otherwise race, and the server could keep
  // the first while the screen shows the second.
  const languageSaves = useRef<Promise<unknown>>(Promise.resolve());
  const languageChoices = useRef(0);
  const changeLanguage = useCallback(
    async (language: WebLanguage) => {
      await switchLanguage(language);
      if (!queryClient.getQueryData<Session | null>(SESSION_KEY)) return;
      const turn = ++languageChoices.current;
      const save = languageSaves.current
        .catch(() => undefined)
        .then(async () => {
          // Kept per user, so the next sign-in (and server-sent e-mails) use it too.
          const user = await api.patch<User>('/api/v1/me', { language });
          // An earlier choice's answer would switch the screen back (the session's language wins on screen).
          if (turn !== languageChoices.current) return;
          const current = queryClient.getQueryData<Session | null>(SESSION_KEY);
          if (current) queryClient.setQueryData<Session>(SESSION_KEY, { ...current, user });
          // The server words each notification in the language the user has now: read them again in the new one.
          await queryClient.invalidateQueries({ queryKey: ['notifications'] });
        });
      languageSaves.current = save;
      await save;
    },
    [queryClient],
  );

  const value = useMemo<SessionState>(
    () => ({
      session,
      user: session?.user ?? null,
      signIn,
      signOut,
      changeLanguage,
      can: (permission) => session?.abilities.includes(permission) ?? false,
      endedBy,
    }),
    [session, signIn, signOut, changeLanguage, endedBy],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}
