-- Shipped reference values keep their verification flag next to their source, as targets do
-- (target.verification, migration 0002). NULL: no flag stated (ordinary reported data).
-- The allowed flags are VerificationFlag in src/core/provenance.ts; keep the two lists equal.
-- A nullable column without a default needs no table rewrite; the CHECK is validated by one
-- scan of data_value, which only finds NULLs.
ALTER TABLE data_value
  ADD COLUMN verification text
    CONSTRAINT data_value_verification_check
    CHECK (verification IS NULL OR verification IN ('confirmed_text', 'confirmed_text_tonghua_copy', 'confirmed_text_oriental_daily',
                                                     'confirmed_name_only', 'recalled_structure_confirmed', 'recalled_unverified',
                                                     'synthetic'));
