import { PageHeader } from '../../components/PageHeader.tsx';
import { QuantityPricingForm } from './QuantityPricingForm.tsx';

/** Administration → Pricing Tools → Estimator (seed 002 "Estimate Costs"). */
export default function EstimatorPage() {
  return (
    <>
      <PageHeader
        title="Estimator"
        description="Price quantities for a tenant or subscription with the prices that apply, or with one price list, as an invoice would."
      />
      <QuantityPricingForm mode="estimate" />
    </>
  );
}
