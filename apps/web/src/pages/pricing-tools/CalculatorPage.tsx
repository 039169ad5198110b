import { PageHeader } from '../../components/PageHeader.tsx';
import { QuantityPricingForm } from './QuantityPricingForm.tsx';

/** The Calculator (seed 002 "Calculator Settings"): shown to the levels the settings allow. */
export default function CalculatorPage() {
  return (
    <>
      <PageHeader
        title="Calculator"
        description="What quantities would cost with your prices, tax included."
      />
      <QuantityPricingForm mode="calculate" />
    </>
  );
}
