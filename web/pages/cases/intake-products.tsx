import Select from 'antd/es/select';
import Tag from 'antd/es/tag';
import { useTranslation } from 'react-i18next';
import type { OrganizationProduct } from '../../api/types';
import { BillingTag } from '../../components/case-bits';
import { useFormat } from '../../i18n/format';

/** Serial numbers are one regardless of letter case (as on the server). */
const keyOf = (serial: string) => serial.trim().toUpperCase();

/** One of the customer's products as the secretary reads it: what and where it is, and who pays for its service. */
function ProductLine({ product }: { product: OrganizationProduct }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <span data-serial={product.serialNumber}>
      <strong>{product.serialNumber}</strong> · {product.model} · {product.site ?? <span className="cd-muted">{t('intake.noSite')}</span>}{' '}
      <BillingTag billing={product.billing} />
      <span className="cd-muted">
        {t(`entitlementReason.${product.reasonCode}`, {
          date: format.date(product.guaranteeEndsAt),
          contract: product.contract?.number ?? '',
        })}
      </span>
      {/* Out of service: the secretary should see it before logging. */}
      {product.status === 'in-service' ? null : <Tag style={{ marginLeft: 8 }}>{t(`products.${product.status}`)}</Tag>}
    </span>
  );
}

/**
 * The caller's products, a form control: chosen from the customer's list (site and entitlement shown), or a serial
 * number not on record typed and added with Enter (callers name products nobody recorded yet). A serial typed in
 * another letter case becomes the listed product. Below, each chosen product with its site and entitlement.
 */
export function IntakeProducts({
  id,
  value,
  onChange,
  products,
  truncated,
  loading,
  listKnown,
  disabled,
}: {
  id?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
  products: readonly OrganizationProduct[];
  truncated: boolean;
  loading: boolean;
  /** The customer's product list has arrived: only then is a serial missing from it "not listed". */
  listKnown: boolean;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const listed = new Map(products.map((product) => [keyOf(product.serialNumber), product]));
  const chosen = value ?? [];
  const change = (next: string[]) => {
    const serials = next.map((serial) => listed.get(keyOf(serial))?.serialNumber ?? serial.trim()).filter(Boolean);
    onChange?.(serials.filter((serial, index) => serials.findIndex((other) => keyOf(other) === keyOf(serial)) === index));
  };
  return (
    <>
      <Select<string[], { value: string; label: string; search: string; product?: OrganizationProduct }>
        id={id}
        mode="tags"
        value={chosen}
        onChange={change}
        disabled={disabled}
        loading={loading}
        tokenSeparators={[',', ';', ' ']}
        showSearch={{ optionFilterProp: 'search' }}
        options={products.map((product) => ({
          value: product.serialNumber,
          label: `${product.serialNumber} · ${product.model}`,
          search: [product.serialNumber, product.model, product.site ?? ''].join(' '),
          product,
        }))}
        // The serial being typed is offered as it is (tags mode): that option has no product.
        optionRender={(option) => (option.data.product ? <ProductLine product={option.data.product} /> : option.value)}
      />
      {truncated ? <div className="cd-muted">{t('intake.productsTruncated')}</div> : null}
      {chosen.length > 0 ? (
        <ul data-testid="chosen-products" style={{ margin: '6px 0 0', paddingLeft: 18 }}>
          {chosen.map((serial) => {
            const product = listed.get(keyOf(serial));
            // Before the customer is chosen (a serial found by the lookup) nothing is known of their list yet.
            const line = product ? <ProductLine product={product} /> : listKnown ? t('intake.notListed', { serial }) : serial;
            return <li key={serial}>{line}</li>;
          })}
        </ul>
      ) : null}
    </>
  );
}

/** The servicing department the chosen products' contracts name, if any: the intake proposes it. */
export function contractDepartmentOf(serials: readonly string[], products: readonly OrganizationProduct[]): string | null {
  const chosen = new Set(serials.map(keyOf));
  return (
    products.find((product) => chosen.has(keyOf(product.serialNumber)) && product.contract?.departmentId)?.contract?.departmentId ?? null
  );
}
