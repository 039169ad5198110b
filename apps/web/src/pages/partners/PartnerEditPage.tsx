import { OrganisationEditPage } from '../../components/organisation/OrganisationPages.tsx';

/** Relationships → Partners → select one → Edit. */
export default function PartnerEditPage() {
  return <OrganisationEditPage kind="partner" />;
}
