import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { languageReady } from './i18n';
// antd's rules, built once by antd (see the zero-runtime theme in app.tsx); the app's own rules after them win.
import 'antd/dist/antd.css';
import './styles.css';
import { App } from './app';

// Rendered once the first language's texts are in (at once in English; Chinese is one small download).
void languageReady.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
