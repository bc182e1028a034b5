import type { InputRef } from 'antd/es/input';
// The search box alone: the package's `Input` brings its password and one-time-code fields into every first visit.
import Search from 'antd/es/input/Search';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { isTypingTarget } from './typing-target';

/** The search box in the header: Enter opens the results page; `/` anywhere outside a field puts the cursor here. */
export function GlobalSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const onResults = location.pathname === '/search';
  const [text, setText] = useState(onResults ? (params.get('q') ?? '') : '');
  const input = useRef<InputRef>(null);

  useEffect(() => {
    if (onResults) setText(params.get('q') ?? '');
  }, [onResults, params]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      event.preventDefault();
      input.current?.focus({ cursor: 'all' });
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const submit = (value: string) => {
    const q = value.trim();
    if (q === '') return;
    const status = onResults ? params.get('status') : null;
    navigate(`/search?${new URLSearchParams({ q, ...(status ? { status } : {}) }).toString()}`);
  };

  return (
    <form
      role="search"
      className="cd-header-search"
      // Enter is the search box's own (onSearch); the form is only the landmark.
      onSubmit={(event) => event.preventDefault()}
    >
      <Search
        ref={input}
        size="middle"
        value={text}
        maxLength={200}
        allowClear
        onChange={(event) => setText(event.target.value)}
        onSearch={submit}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        aria-keyshortcuts="/"
        title={t('search.shortcut')}
      />
    </form>
  );
}
