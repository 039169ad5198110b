import { OrganisationListPage } from '../../components/organisation/OrganisationPages.tsx';

/** Relationships → Tenants. */
export default function TenantsPage() {
  return <OrganisationListPage kind="tenant" />;
}
