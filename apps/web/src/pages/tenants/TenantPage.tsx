import { OrganisationDetailPage } from '../../components/organisation/OrganisationPages.tsx';

/** One tenant: details, administrators, what is under it. */
export default function TenantPage() {
  return <OrganisationDetailPage kind="tenant" />;
}
