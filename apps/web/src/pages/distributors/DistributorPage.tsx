import { OrganisationDetailPage } from '../../components/organisation/OrganisationPages.tsx';

/** One distributor: details, administrators, what is under it. */
export default function DistributorPage() {
  return <OrganisationDetailPage kind="distributor" />;
}
