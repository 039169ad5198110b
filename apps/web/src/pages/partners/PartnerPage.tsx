import { OrganisationDetailPage } from '../../components/organisation/OrganisationPages.tsx';

/** One partner: details, administrators, what is under it. */
export default function PartnerPage() {
  return <OrganisationDetailPage kind="partner" />;
}
