/**
 * Where a product (configuration item) stands: in service, exchanged on a case for another product (for good), or
 * retired by the customer — taken out of service, kept on record with its history, and reactivated if it returns.
 */
export const ASSET_STATUSES = ['in-service', 'exchanged', 'retired'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

/** The statuses staff set by hand; `exchanged` is only ever the result of recording an exchange on a case. */
export const SETTABLE_ASSET_STATUSES = ['in-service', 'retired'] as const;
export type SettableAssetStatus = (typeof SETTABLE_ASSET_STATUSES)[number];

/** A stored status; an unknown text (a hand-edited row) reads as in service rather than failing the response. */
export function assetStatusOf(value: string): AssetStatus {
  return ASSET_STATUSES.find((status) => status === value) ?? 'in-service';
}

/**
 * Whether a product may be set to a status by hand: an exchanged product stays exchanged (its replacement carries
 * on); otherwise it moves freely between in service and retired.
 */
export function mayChangeAssetStatus(from: AssetStatus): boolean {
  return from !== 'exchanged';
}
