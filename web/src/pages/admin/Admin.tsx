import { useI18n } from '../../i18n/index.js';
export default function Admin() {
  const { t } = useI18n();
  return <h1>{t('app.loading')}</h1>;
}
