import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { useServiceDeskSettings } from '../api/service-desk';

/**
 * The service hotline as a tap-to-call link, where the admin has set a number; nothing otherwise. `urgent` makes it
 * the paragraph a customer reads before writing a case ("Urgent? Call …").
 */
export function Hotline({ urgent = false }: { urgent?: boolean }) {
  const { t } = useTranslation();
  const settings = useServiceDeskSettings();
  const number = settings.data?.hotlineNumber;
  if (!number) return null;
  // The catalogue texts end with the separator their language uses ("Hotline: ", "服务热线：").
  const link = (
    <a href={`tel:${number.replace(/[^\d+]/g, '')}`} style={{ whiteSpace: 'nowrap' }}>
      {number}
    </a>
  );
  if (urgent) {
    return (
      <Typography.Paragraph data-testid="hotline">
        {t('hotline.urgent')}
        {link}
      </Typography.Paragraph>
    );
  }
  return (
    <span className="cd-hotline" data-testid="hotline">
      {t('hotline.label')}
      {link}
    </span>
  );
}
