import { OrganisationListPage } from '../../components/organisation/OrganisationPages.tsx';

/** Relationships → Distributors. */
export default function DistributorsPage() {
  return <OrganisationListPage kind="distributor" />;
}
