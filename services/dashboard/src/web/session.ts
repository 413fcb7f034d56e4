import type { Lang } from './i18n.js';

/** Who signed in, as the API described the key. */
export interface Principal {
  kind: 'bureau' | 'enterprise' | 'bank';
  /** bank id for a bank, region code for the bureau, the principal's own id otherwise. */
  id: string;
  name?: string;
  /** For an enterprise: the orgs its key may see. */
  orgIds: string[];
}

export interface Session {
  apiKey: string;
  principal: Principal;
}

// sessionStorage only: the key dies with the tab and never lands on disk in localStorage.
const sessionKey = 'carbon-account.session';
const langKey = 'carbon-account.lang';

export function loadSession(): Session | null {
  const text = sessionStorage.getItem(sessionKey);
  if (!text) return null;
  try {
    return JSON.parse(text) as Session;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(sessionKey, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(sessionKey);
}

/** The language is a preference, not a secret: it may outlive the tab. */
export function loadLang(): Lang {
  return localStorage.getItem(langKey) === 'en' ? 'en' : 'zh';
}

export function saveLang(lang: Lang): void {
  localStorage.setItem(langKey, lang);
}
