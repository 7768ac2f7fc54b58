/** Delivery has no panel of its own (so no index.ts): its preview sits in the order forms, its sites in the users table. */
export { DeliveryPreview } from './DeliveryPreview';
export { UserSiteCell, useUserSites } from './UserSites';
