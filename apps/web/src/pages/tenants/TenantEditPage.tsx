import { OrganisationEditPage } from '../../components/organisation/OrganisationPages.tsx';

/** Relationships → Tenants → select one → Edit. */
export default function TenantEditPage() {
  return <OrganisationEditPage kind="tenant" />;
}
