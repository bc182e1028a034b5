import Button from 'antd/es/button';
import { useTranslation } from 'react-i18next';

/** "Load more" under a list read page by page, while the server says there is a next page. */
export function LoadMore({
  pages,
}: {
  pages: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };
}) {
  const { t } = useTranslation();
  if (!pages.hasNextPage) return null;
  return (
    <Button onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage} style={{ marginTop: 12 }}>
      {t('common.loadMore')}
    </Button>
  );
}
