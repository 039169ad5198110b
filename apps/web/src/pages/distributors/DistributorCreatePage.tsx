import { OrganisationCreatePage } from '../../components/organisation/OrganisationPages.tsx';

/** Relationships → Distributors → Create. */
export default function DistributorCreatePage() {
  return <OrganisationCreatePage kind="distributor" />;
}
