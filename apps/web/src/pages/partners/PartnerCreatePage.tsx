import { OrganisationCreatePage } from '../../components/organisation/OrganisationPages.tsx';

/** Relationships → Partners → Create. */
export default function PartnerCreatePage() {
  return <OrganisationCreatePage kind="partner" />;
}
