import { OrganisationListPage } from '../../components/organisation/OrganisationPages.tsx';

/** Relationships → Partners. */
export default function PartnersPage() {
  return <OrganisationListPage kind="partner" />;
}
