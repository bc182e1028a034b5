import Card from 'antd/es/card';
import Typography from 'antd/es/typography';
import type { ReactNode } from 'react';
import { LanguageSwitch } from './language-switch';

/** The pages one sees before signing in (sign-in, setup, password reset): the language switch, then one titled card. */
export function CenteredCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="cd-centered">
      <div style={{ marginBottom: 16 }}>
        <LanguageSwitch />
      </div>
      <Card>
        <Typography.Title level={2} className="cd-page-title">
          {title}
        </Typography.Title>
        {children}
      </Card>
    </main>
  );
}
