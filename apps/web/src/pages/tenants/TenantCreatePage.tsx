import { OrganisationCreatePage } from '../../components/organisation/OrganisationPages.tsx';

/** Relationships → Tenants → Create. */
export default function TenantCreatePage() {
  return <OrganisationCreatePage kind="tenant" />;
}
