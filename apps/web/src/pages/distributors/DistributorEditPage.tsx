import { OrganisationEditPage } from '../../components/organisation/OrganisationPages.tsx';

/** Relationships → Distributors → select one → Edit. */
export default function DistributorEditPage() {
  return <OrganisationEditPage kind="distributor" />;
}
