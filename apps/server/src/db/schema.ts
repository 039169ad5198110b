import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Row types of every table. Conventions that hold on all three engines:
 * - ids are type-prefixed, time-sortable strings (see ids.ts);
 * - timestamps are UTC ISO-8601 text with milliseconds ("2026-11-22T03:14:45.123Z"), so they
 *   sort, compare and round-trip identically everywhere and never shift with a driver's time zone;
 * - booleans are 0/1 integers (SQLite and MySQL have no real boolean type);
 * - decimals are text on SQLite and DECIMAL elsewhere, always read and written as strings.
 */

export type OrganisationKind = 'platform' | 'distributor' | 'partner' | 'tenant';
export type BillingMode = 'chargeback' | 'showback';
export type UserRole = 'admin' | 'reader';
export type SubscriptionStatus = 'active' | 'suspended' | 'cancelled';

/** The chain of ancestors (self included) denormalised onto every scoped row. */
export interface ChainColumns {
  distributor_id: string | null;
  partner_id: string | null;
  tenant_id: string | null;
}

export interface OrganisationTable extends ChainColumns {
  id: string;
  kind: OrganisationKind;
  parent_id: string | null;
  name: string;
  /** lower(name) while live, NULL once deleted: the unique index lets deleted names be reused. */
  name_key: string | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  billing_contact_name: string | null;
  billing_email: string | null;
  billing_phone: string | null;
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  region: string | null;
  postal_code: string | null;
  country: string | null;
  currency: string;
  directory_id: string | null;
  billing_mode: BillingMode | null;
  payment_terms_days: number | null;
  /** Tenants: null means the default tax profile setting applies. */
  tax_profile_id: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface SubscriptionTable {
  id: string;
  tenant_id: string;
  partner_id: string;
  distributor_id: string;
  name: string;
  status: SubscriptionStatus;
  directory_id: string | null;
  initial_owner: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  /** The region it lives on; null for a subscription not yet placed on one. */
  region_id: string | null;
  /** Its id on the region (lower-case GUID; an import source's own subscription id). */
  azs_subscription_id: string | null;
  /** "{region_id}:{azs_subscription_id}" while live and linked, else null (unique). */
  azs_link_key: string | null;
  /** Usage before this instant stays unassigned; null: billable from its creation. */
  billable_from: string | null;
  origin: SubscriptionOrigin | null;
  /** The offer it was created from on its region (null: created by hand, linked or auto-created). */
  offer_id: string | null;
  /** Null: never provisioned by the CMS; else where its provisioning on the region stands. */
  provisioning_state: SubscriptionProvisioningState | null;
  provisioning_error: string | null;
  provisioning_started_at: string | null;
  /** The state last read from or written to the region: Enabled, Disabled, Deleted, ... */
  region_state: string | null;
  /** When it was deleted on the region (after a typed confirmation); the record stays. */
  region_deleted_at: string | null;
}

export type SubscriptionProvisioningState = 'provisioning' | 'provisioned' | 'failed';

export type SubscriptionOrigin = 'manual' | 'linked' | 'auto_created';

export interface UserTable extends ChainColumns {
  id: string;
  org_id: string;
  level: OrganisationKind;
  role: UserRole;
  email: string;
  /** lower(email); unique, so an address signs in as exactly one user. */
  email_key: string;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  password_hash: string | null;
  must_change_password: number;
  mfa_required: number;
  federated_only: number;
  disabled: number;
  locked_out: number;
  /** When a lockout ends by itself; null while locked: until an administrator unlocks. */
  locked_until: string | null;
  failed_sign_ins: number;
  last_sign_in_at: string | null;
  /** When the user set a password through an invitation; null while it is pending. */
  activated_at: string | null;
  /** sha256 of the one-time code the creating admin hands over, required at first sign-in. */
  activation_code_hash: string | null;
  activation_code_expires_at: string | null;
  password_changed_at: string | null;
  /** The TOTP secret, encrypted with the process key (crypto/secrets.ts). */
  mfa_secret: string | null;
  /** A secret being enrolled, not yet confirmed by a code. */
  mfa_pending_secret: string | null;
  mfa_enabled_at: string | null;
  /** The last TOTP time step accepted: a code of that step or an earlier one is a replay. */
  mfa_last_step: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/**
 * How far a sign-in has got. Only `active` sessions reach the API; the others reach just the
 * operations that complete the sign-in (see policy/sign-in-stages.ts).
 */
export type SessionStage = 'active' | 'password_change' | 'mfa_enrolment' | 'mfa';

export interface SessionTable {
  /** sha256 of the cookie value: a leaked database does not leak live sessions. */
  id: string;
  user_id: string;
  stage: SessionStage;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  secret_hash: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string | null;
}

export interface AuditEventTable {
  id: string;
  occurred_at: string;
  actor_kind: 'user' | 'system';
  actor_user_id: string | null;
  actor_org_id: string | null;
  actor_token_id: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  action: string;
  target_type: string;
  target_id: string;
  /** The organisation the change belongs to; visibility follows that organisation's current chain. */
  org_id: string;
  before_json: string | null;
  after_json: string | null;
}

export interface IdempotencyKeyTable {
  id: string;
  user_id: string;
  idempotency_key: string;
  route_id: string;
  request_hash: string;
  status_code: number | null;
  response_body: string | null;
  created_at: string;
  completed_at: string | null;
}

export type UserLinkPurpose = 'invitation' | 'password_reset';

export interface UserLinkTable {
  /** sha256 of the token in the link. */
  id: string;
  user_id: string;
  purpose: UserLinkPurpose;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface RecoveryCodeTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface RateLimitTable {
  bucket: string;
  window_start: string;
  hits: number;
}

export type IdentityProviderPreset = 'entra' | 'google' | 'oidc';

export interface IdentityProviderTable extends ChainColumns {
  id: string;
  org_id: string;
  name: string;
  preset: IdentityProviderPreset;
  issuer: string;
  client_id: string;
  /** Encrypted with the process key; never returned by the API. */
  client_secret: string | null;
  /** JSON array of e-mail domains allowed to sign in through this mapping; null = any. */
  allowed_domains: string | null;
  /** Entra preset: the directory's tenant id (a GUID), what sign-in compares with the token's `tid`. */
  entra_tenant_id: string | null;
  /** Entra preset: the domain the administrator gave for the directory, as typed; null when given as the tenant id. */
  entra_domain: string | null;
  /** May a first sign-in link to an existing user by verified e-mail? */
  link_by_email: number;
  enabled: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface UserIdentityTable {
  id: string;
  user_id: string;
  provider_id: string;
  issuer: string;
  subject: string;
  created_at: string;
  /** The last sign-in through this identity. */
  last_used_at: string | null;
}

export interface OidcFlowTable {
  /** sha256 of the `state` parameter. */
  id: string;
  provider_id: string;
  code_verifier: string;
  nonce: string;
  return_to: string | null;
  created_at: string;
  expires_at: string;
}

/**
 * pending: waiting for its next attempt; sending: claimed by a dispatcher until lease_until;
 * sent / failed: done (bodies cleared); dropped: a deferred request that turned out to need no mail.
 */
export type MailOutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'dropped';

export interface MailOutboxTable {
  id: string;
  /** The template (metrics label); `password_reset_request` rows are rendered by the dispatcher. */
  template: string;
  recipient: string;
  subject: string;
  /** The bodies carry one-time links: cleared once the row is sent or has failed for good. */
  text_body: string | null;
  html_body: string | null;
  status: MailOutboxStatus;
  attempts: number;
  next_attempt_at: string;
  /** Who holds the row while sending: a random token per claim, so a stale holder cannot finish it. */
  claim_token: string | null;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  updated_at: string;
  /** What the message is about (`invoice` and its id), for the e-mail log; NULL for account mail. */
  related_type: string | null;
  related_id: string | null;
  /**
   * The chain that may read this message in the e-mail log: the related object's own, as that
   * object records it (an invoice's chain at its period start), never rewritten by a move. All
   * NULL: the platform only (invitations and password resets).
   */
  distributor_id: string | null;
  partner_id: string | null;
  tenant_id: string | null;
}

/** A file sent with an outbox message; its bytes are cleared with the message's bodies. */
export interface MailAttachmentTable {
  id: string;
  mail_id: string;
  /** Order within the message, from 0. */
  position: number;
  filename: string;
  content_type: string;
  byte_size: number;
  sha256: string;
  content: Buffer | null;
}

export type DocumentUploadStatus = 'pending' | 'uploaded' | 'failed';

/** A document on its way to the Azure Blob container (modules/document-storage). */
export interface DocumentUploadTable {
  id: string;
  /** The caller's document (an invoice id): one row per document. */
  document_id: string;
  org_id: string | null;
  /** Deterministic per document (`{tenantId}/{number}.pdf`): a re-upload overwrites the same blob. */
  blob_name: string;
  content_type: string;
  byte_size: number;
  /** Hex sha256 of the content: what the upload stored, and what a new request is compared with. */
  sha256: string;
  /** The bytes until they are uploaded; NULL after. */
  content: Buffer | null;
  status: DocumentUploadStatus;
  /** Upload attempts since the document was (re)requested. */
  attempts: number;
  last_error: string | null;
  /** The latest job asked to upload it. */
  job_id: string | null;
  /** The job writing it now and until when its hold lasts: one writer per blob at a time. */
  claim_job_id: string | null;
  claim_until: string | null;
  /** The container and ETag of the stored blob (never its URL, and never a SAS). */
  container: string | null;
  etag: string | null;
  requested_at: string;
  uploaded_at: string | null;
  updated_at: string;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A durable job (modules/jobs). The lease columns are the mail outbox's (db/lease.ts). */
export interface JobTable {
  id: string;
  type: string;
  /** JSON of ids and times the handler needs; never a secret. */
  payload_json: string;
  status: JobStatus;
  progress_done: number | null;
  progress_total: number | null;
  progress_message: string | null;
  /** Small JSON state a handler saves (fenced) so the next attempt resumes where this one stopped. */
  checkpoint_json: string | null;
  /** Attempts started so far (a claim counts one). */
  attempts: number;
  max_attempts: number;
  /** When a queued job may run (its first run or its next retry). */
  next_attempt_at: string;
  /** The fencing token: new for every claim; a write of the job holds only while it still matches. */
  claim_token: string | null;
  lease_until: string | null;
  last_error: string | null;
  /** The user who asked for it; null for the system (schedules, other jobs). */
  requested_by: string | null;
  dedupe_key: string | null;
  /** dedupe_key while queued or running, null otherwise (unique with type). */
  active_dedupe_key: string | null;
  /** The organisation the job concerns: its current chain decides who sees the job. */
  org_id: string;
  subscription_id: string | null;
  region_id: string | null;
  /** The schedule that enqueued it, if one did. */
  schedule_key: string | null;
  created_at: string;
  /** When the latest attempt started. */
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

/** A recurring job: a cron expression in a time zone, or a fixed interval. */
export interface JobScheduleTable {
  key: string;
  type: string;
  payload_json: string;
  cron: string | null;
  interval_seconds: number | null;
  time_zone: string;
  enabled: number;
  org_id: string;
  subscription_id: string | null;
  region_id: string | null;
  next_run_at: string | null;
  last_run_at: string | null;
  last_job_id: string | null;
  created_at: string;
  updated_at: string;
}

/** White-label branding of the platform or of a partner; null fields fall back to the platform's. */
export interface BrandingTable {
  org_id: string;
  name: string | null;
  primary_color: string | null;
  support_email: string | null;
  support_url: string | null;
  /** Lower-case host name at which the sign-in page shows this partner's branding; unique. */
  portal_hostname: string | null;
  /** How to pay the invoices a partner issues (multi-line text); partners only, null: none. */
  payment_details: string | null;
  logo_light_id: string | null;
  logo_dark_id: string | null;
  updated_at: string;
  updated_by: string | null;
}

export type LogoContentType = 'image/png' | 'image/jpeg' | 'image/webp';

/** An uploaded logo. Immutable: a new upload is a new row (and URL), so the URL caches forever. */
export interface BrandingLogoTable {
  id: string;
  org_id: string;
  content_type: LogoContentType;
  byte_size: number;
  /** Hex sha256 of the image: the ETag. */
  sha256: string;
  data: Buffer;
  created_at: string;
}

/**
 * One move of an organisation: its chain before and after, from `effective_at` on. Append-only
 * (written in the move's transaction, never updated), so invoices and commissions can record the
 * chain as it was at a period start.
 */
export interface OrganisationChainHistoryTable {
  id: string;
  org_id: string;
  old_distributor_id: string | null;
  old_partner_id: string | null;
  old_tenant_id: string | null;
  new_distributor_id: string | null;
  new_partner_id: string | null;
  new_tenant_id: string | null;
  effective_at: string;
}

export type RegionKind = 'azure_stack' | 'import';
export type IdentitySystem = 'entra' | 'adfs';

/** An Azure Stack Hub stamp, or an import source (kind 'import': no endpoint, fed by files and the API). */
export interface RegionTable {
  id: string;
  kind: RegionKind;
  name: string;
  /** lower(name): unique. */
  name_key: string;
  description: string | null;
  arm_endpoint: string | null;
  /** Discovered from the metadata endpoint. */
  identity_system: IdentitySystem | null;
  directory_tenant: string | null;
  client_id: string | null;
  /** Encrypted with the app key (crypto/secrets.ts); never returned. */
  client_secret: string | null;
  provider_subscription_id: string | null;
  location: string | null;
  /** IANA time zone; locked once the region has usage. */
  time_zone: string;
  /** Look-back hours re-scanned on every run. */
  collection_window_hours: number;
  /** When collection runs, in the region's time zone (cron); null on import sources. */
  schedule: string | null;
  enabled: number;
  /** Every reported window before this instant has been collected completely. */
  usage_watermark: string | null;
  last_run_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  created_at: string;
  updated_at: string;
}

/** An Azure Stack subscription a region has reported (admin API or usage). */
export interface RegionSubscriptionTable {
  region_id: string;
  azs_subscription_id: string;
  display_name: string | null;
  owner: string | null;
  directory_tenant: string | null;
  offer_id: string | null;
  state: string | null;
  /** The operator's own subscriptions: never created or billed. */
  is_operator: number;
  seen_in_admin_api: number;
  seen_in_usage: number;
  first_seen_at: string;
  last_seen_at: string;
}

export interface MeterTable {
  /** 'azure-stack', or the import source's region id. */
  catalog: string;
  /** Normalised: lower case, no dashes or braces. */
  meter_id: string;
  name: string;
  unit: string;
  category: string | null;
  informational: number;
  /** Reported hourly as a fraction of the UTC month; stored converted back to hours. */
  month_fraction: number;
  deprecated: number;
  source: 'seed' | 'api';
  created_at: string;
  updated_at: string;
}

/** Hourly usage: one row per (natural key, canonical reported window). Decimals are strings. */
export interface UsageRecordTable {
  region_id: string;
  reported_window: string;
  azs_subscription_id: string;
  /** Digest of the natural key (region, subscription, meter, resource URI, usage start, usage end). */
  record_key: string;
  meter_id: string;
  resource_uri: string;
  usage_start: string;
  usage_end: string;
  /** Hours for month-fraction meters, else as received. */
  quantity: string;
  raw_quantity: string;
  sku: string | null;
  location: string | null;
  tags: string | null;
  additional_info: string | null;
  first_job_id: string | null;
  first_collected_at: string;
  collected_at: string;
}

export interface ImportedUsageTable {
  region_id: string;
  external_record_id: string;
  azs_subscription_id: string;
  meter_id: string;
  sku: string | null;
  resource_id: string | null;
  usage_start: string;
  usage_end: string;
  quantity: string;
  first_batch_id: string;
  batch_id: string;
  created_at: string;
  updated_at: string;
}

/** Daily totals on the region's local days; sku '' when the usage has none. */
export interface UsageDailyTable {
  region_id: string;
  azs_subscription_id: string;
  meter_id: string;
  sku: string;
  local_day: string;
  quantity: string;
  record_count: number;
  updated_at: string;
}

export type UsagePullStatus = 'stored' | 'held';

/** One pull of a canonical reported window; subscriber '' when it asked for the whole window. */
export interface UsagePullTable {
  region_id: string;
  reported_window: string;
  subscriber: string;
  status: UsagePullStatus;
  record_count: number;
  job_id: string | null;
  pulled_at: string;
  held_summary: string | null;
  confirmed_by: string | null;
  confirmed_at: string | null;
}

/** A tenant's period (the region's local month, 'YYYY-MM') closed by its issued invoice. */
export interface ClosedPeriodTable {
  tenant_id: string;
  region_id: string;
  period: string;
  closed_at: string;
  invoice_id: string | null;
}

export type AlertSeverity = 'info' | 'warning' | 'critical';

/**
 * One occurrence of a condition, from its first raise until it is resolved. A repeated raise while
 * it is unresolved updates this row (last_seen_at, occurrences, latest text and severity).
 */
export interface AlertTable {
  id: string;
  /** What kind of condition: `usage.unknown_meter`, `invoice.missing_billing_info`… */
  kind: string;
  /** Which instance of the kind (a meter id, a region id…); with kind, the condition's identity. */
  alert_key: string;
  /** sha256 of kind and key while unresolved, NULL once resolved; unique (one unresolved alert per condition). */
  open_key: string | null;
  severity: AlertSeverity;
  title: string;
  message: string;
  details_json: string | null;
  region_id: string | null;
  /** The subject that decides who sees the alert: a subscription, else an organisation, else platform only. */
  subscription_id: string | null;
  org_id: string | null;
  occurrences: number;
  first_seen_at: string;
  last_seen_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  resolved_at: string | null;
  /** Who resolved it by hand; NULL with resolved_at set means the system, when the condition cleared. */
  resolved_by: string | null;
}

/** A plan as its region holds it (synced; CMS edits are written to the region first). */
export interface PlanTable {
  id: string;
  region_id: string;
  resource_group: string;
  name: string;
  /** lower("{resource group}/{name}"): unique per region. */
  arm_key: string;
  display_name: string;
  description: string | null;
  /** JSON array of the quotas' full ARM ids. */
  quota_ids: string;
  subscription_count: number;
  synced_at: string | null;
  region_deleted_at: string | null;
  created_at: string;
  updated_at: string;
}

export type OfferRegionState = 'Private' | 'Public' | 'Decommissioned';
export type OfferPublication = 'private' | 'public' | 'decommissioned';

export interface OfferTable {
  id: string;
  region_id: string;
  resource_group: string;
  name: string;
  /** lower("{resource group}/{name}"): unique per region. */
  arm_key: string;
  display_name: string;
  description: string | null;
  region_state: OfferRegionState;
  publication: OfferPublication;
  visibility: 'all' | 'chosen';
  max_subscriptions_per_account: number;
  subscription_count: number;
  synced_at: string | null;
  region_deleted_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface OfferPlanTable {
  offer_id: string;
  plan_id: string;
  link_type: 'base' | 'addon';
  max_acquisition_count: number | null;
}

export interface OfferVisibilityTable {
  offer_id: string;
  organisation_id: string;
}

export interface QuotaTable {
  id: string;
  region_id: string;
  provider: string;
  location: string;
  name: string;
  /** lower("{provider}/{location}/{name}"): unique per region. */
  arm_key: string;
  /** JSON object of the provider's quota properties. */
  limits: string;
  synced_at: string | null;
  region_deleted_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SubscriptionPlanTable {
  subscription_id: string;
  plan_id: string;
  acquisition_id: string;
  state: 'provisioning' | 'provisioned' | 'removing';
  acquired_at: string;
  removed_at: string | null;
}

/** The last identity health check of a tenant (modules/identity-checks), replaced by each check. */
export interface TenantIdentityCheckTable {
  tenant_id: string;
  /** JSON array of the problems found ({ kind, severity, message, subject }). */
  problems_json: string;
  /** JSON array of notes: what the check skipped and why. */
  notes_json: string;
  trigger: 'schedule' | 'manual' | 'onboarding';
  /** Who asked for it ('manual'); null for the system. */
  checked_by: string | null;
  checked_at: string;
}

export type PriceListScope = 'region' | 'tenant' | 'subscription';
export type PriceListVersionState = 'draft' | 'active' | 'superseded';
export type PriceItemPricing = 'flat' | 'graduated' | 'volume';
export type PriceUnit = 'meter' | 'month';

/** A price list of one scope (modules/pricing); exactly one of the three scope ids is set. */
export interface PriceListTable {
  id: string;
  scope_type: PriceListScope;
  region_id: string | null;
  tenant_id: string | null;
  subscription_id: string | null;
  /** '<scope_type>:<scope id>': one list per scope. */
  scope_key: string;
  display_name: string;
  description: string | null;
  currency: string;
  created_at: string;
  updated_at: string;
}

export interface PriceListVersionTable {
  id: string;
  price_list_id: string;
  version: number;
  state: PriceListVersionState;
  /** 'YYYY-MM': the first billing month this version rates. */
  effective_from: string;
  notes: string | null;
  activated_at: string | null;
  superseded_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface PriceItemTable {
  id: string;
  version_id: string;
  meter_id: string;
  /** '' for a meter-wide item. */
  sku: string;
  price_unit: PriceUnit;
  pricing: PriceItemPricing;
  /** Flat items only. */
  rate: string | null;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface PriceTierTable {
  item_id: string;
  position: number;
  from_quantity: string;
  to_quantity: string | null;
  rate: string;
}

export type CreditScope = 'item' | 'subscription' | 'tenant';

/** A money amount per period (modules/adjustments). */
export interface CreditTable {
  id: string;
  scope_type: CreditScope;
  /**
   * An item credit's item, in every version of its list: the list, the meter and the SKU ('' for
   * a meter-wide item). Null for subscription and tenant credits.
   */
  price_list_id: string | null;
  meter_id: string | null;
  sku: string | null;
  subscription_id: string | null;
  tenant_id: string | null;
  amount: string;
  currency: string;
  from_period: string;
  to_period: string | null;
  description: string;
  created_at: string;
  updated_at: string;
}

export interface DiscountTable {
  id: string;
  scope_type: 'tenant' | 'subscription';
  tenant_id: string;
  subscription_id: string | null;
  percentage: string;
  /** JSON array of normalised meter ids; null: every meter. */
  meter_ids: string | null;
  from_period: string | null;
  to_period: string | null;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface TaxProfileTable {
  id: string;
  name: string;
  name_key: string;
  exempt: number;
  created_at: string;
  updated_at: string;
}

export interface TaxRateTable {
  id: string;
  tax_profile_id: string;
  name: string;
  percentage: string;
  /** 'YYYY-MM-DD' in the Platform Time Zone. */
  effective_from: string;
  created_at: string;
}

/** Units of `currency` per one unit of `base_currency` from `effective_from` (modules/exchange-rates). */
export interface ExchangeRateTable {
  id: string;
  base_currency: string;
  currency: string;
  rate: string;
  effective_from: string;
  created_by: string | null;
  created_at: string;
}

/** What a (tenant, period) was last rated to (modules/rating). */
export interface RatedPeriodTable {
  tenant_id: string;
  period: string;
  currency: string;
  status: 'rated' | 'missing_exchange_rate';
  subtotal: string;
  unpriced_lines: number;
  /** JSON { currency: units of the tenant currency per 1 unit } as applied; null when none. */
  exchange_rates: string | null;
  rated_at: string;
}

export type RatedLineKind = 'usage' | 'discount' | 'item_credit' | 'subscription_credit' | 'tenant_credit';

/** One printed line of an open period's money of record, in the tenant's currency. */
export interface RatedLineTable {
  tenant_id: string;
  period: string;
  position: number;
  kind: RatedLineKind;
  parent_position: number | null;
  subscription_id: string | null;
  region_id: string | null;
  meter_id: string | null;
  sku: string | null;
  price_list_id: string | null;
  price_list_version_id: string | null;
  price_item_id: string | null;
  raw_quantity: string | null;
  quantity: string | null;
  price_unit: PriceUnit | null;
  rate: string | null;
  tier_mode: 'graduated' | 'volume' | null;
  /** JSON array of tier slices. */
  slices: string | null;
  amount: string;
  currency: string;
  unpriced: number;
  discount_id: string | null;
  credit_id: string | null;
  description: string | null;
}

export type InvoiceKind = 'invoice' | 'credit_note' | 'statement';
export type InvoiceStatus = 'preview' | 'issued' | 'paid' | 'void';
export type InvoiceLineKind = 'usage' | 'discount' | 'credit' | 'adjustment' | 'tax';

/**
 * An invoice, credit note or showback statement (modules/invoices). The chain columns hold the
 * tenant's chain at the start of the billing period; a move never rewrites them.
 */
export interface InvoiceTable extends ChainColumns {
  id: string;
  kind: InvoiceKind;
  status: InvoiceStatus;
  tenant_id: string;
  partner_name: string | null;
  distributor_name: string | null;
  period: string;
  /** 'tenant:period' for the period's own invoice; null for credit notes against an invoice. */
  period_key: string | null;
  /** JSON [{ regionId, regionName, timeZone, from, to }]. */
  coverage: string;
  currency: string;
  /** JSON [{ base, quote, rate }]; null when nothing was converted. */
  exchange_rates: string | null;
  number: string | null;
  issue_date: string | null;
  due_date: string | null;
  payment_terms_days: number | null;
  subtotal: string;
  tax_total: string;
  total: string;
  amount_paid: string;
  amount_credited: string;
  unpriced_lines: number;
  bill_to_name: string;
  bill_to_contact: string | null;
  bill_to_email: string | null;
  /** JSON array of address lines. */
  bill_to_address: string;
  credits_invoice_id: string | null;
  reason: string | null;
  /** JSON [{ name, percentage }]. */
  tax_rates: string;
  frozen_input: string | null;
  generated_at: string;
  issued_at: string | null;
  voided_at: string | null;
  created_at: string;
  updated_at: string;
  /** 1 while an issued document owes its automatic e-mail ("Auto Email Invoices"). */
  auto_email_pending: Generated<number>;
  /** When the last delinquency notice about this invoice was queued. */
  last_delinquency_notice_at: string | null;
  /** A preview's linesDigest (invoice-content.ts): what its issue compares; null when not kept. */
  lines_digest: Generated<string | null>;
}

/** One frozen printed line of an invoice, in the tenant's currency. */
export interface InvoiceLineTable {
  id: string;
  invoice_id: string;
  position: number;
  kind: InvoiceLineKind;
  source_kind: RatedLineKind | null;
  parent_position: number | null;
  subscription_id: string | null;
  subscription_name: string | null;
  region_id: string | null;
  meter_id: string | null;
  meter_name: string | null;
  sku: string | null;
  unit: string | null;
  price_unit: PriceUnit | null;
  price_list_id: string | null;
  price_list_version_id: string | null;
  price_item_id: string | null;
  discount_id: string | null;
  credit_id: string | null;
  raw_quantity: string | null;
  quantity: string | null;
  rate: string | null;
  tier_mode: 'graduated' | 'volume' | null;
  /** JSON array of tier slices. */
  slices: string | null;
  amount: string;
  unpriced: number;
  description: string;
  original_period: string | null;
  credited_line_id: string | null;
  tax_name: string | null;
  tax_percentage: string | null;
  tax_base: string | null;
}

export interface InvoicePaymentTable {
  id: string;
  invoice_id: string;
  amount: string;
  /** 'YYYY-MM-DD'. */
  paid_on: string;
  reference: string | null;
  recorded_by: string | null;
  created_at: string;
}

/** The PDF of an issued document as rendered at its issue: served and e-mailed unchanged. */
export interface InvoicePdfTable {
  invoice_id: string;
  content: Buffer;
  sha256: string;
  created_at: string;
}

/** A gap-free number sequence: per kind, and per year when its format has the year ('' otherwise). */
export interface InvoiceSequenceTable {
  kind: InvoiceKind;
  year_key: string;
  last_value: number;
}

export interface Database {
  organisations: OrganisationTable;
  subscriptions: SubscriptionTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  settings: SettingTable;
  audit_events: AuditEventTable;
  idempotency_keys: IdempotencyKeyTable;
  user_links: UserLinkTable;
  recovery_codes: RecoveryCodeTable;
  rate_limits: RateLimitTable;
  identity_providers: IdentityProviderTable;
  user_identities: UserIdentityTable;
  oidc_flows: OidcFlowTable;
  mail_outbox: MailOutboxTable;
  mail_attachments: MailAttachmentTable;
  document_uploads: DocumentUploadTable;
  branding: BrandingTable;
  branding_logos: BrandingLogoTable;
  organisation_chain_history: OrganisationChainHistoryTable;
  regions: RegionTable;
  region_subscriptions: RegionSubscriptionTable;
  meters: MeterTable;
  usage_records: UsageRecordTable;
  imported_usage: ImportedUsageTable;
  usage_daily: UsageDailyTable;
  usage_pulls: UsagePullTable;
  closed_periods: ClosedPeriodTable;
  alerts: AlertTable;
  jobs: JobTable;
  job_schedules: JobScheduleTable;
  plans: PlanTable;
  offers: OfferTable;
  offer_plans: OfferPlanTable;
  offer_visibility: OfferVisibilityTable;
  quotas: QuotaTable;
  subscription_plans: SubscriptionPlanTable;
  tenant_identity_checks: TenantIdentityCheckTable;
  price_lists: PriceListTable;
  price_list_versions: PriceListVersionTable;
  price_items: PriceItemTable;
  price_tiers: PriceTierTable;
  credits: CreditTable;
  discounts: DiscountTable;
  tax_profiles: TaxProfileTable;
  tax_rates: TaxRateTable;
  exchange_rates: ExchangeRateTable;
  rated_periods: RatedPeriodTable;
  rated_lines: RatedLineTable;
  invoices: InvoiceTable;
  invoice_lines: InvoiceLineTable;
  invoice_payments: InvoicePaymentTable;
  invoice_pdfs: InvoicePdfTable;
  invoice_sequences: InvoiceSequenceTable;
}

export type OrganisationRow = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;
export type SubscriptionRow = Selectable<SubscriptionTable>;
export type UserRow = Selectable<UserTable>;
export type SessionRow = Selectable<SessionTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
export type AuditEventRow = Selectable<AuditEventTable>;
export type IdempotencyKeyRow = Selectable<IdempotencyKeyTable>;
export type IdentityProviderRow = Selectable<IdentityProviderTable>;
export type BrandingRow = Selectable<BrandingTable>;
export type ChainHistoryRow = Selectable<OrganisationChainHistoryTable>;
export type RegionRow = Selectable<RegionTable>;
export type RegionSubscriptionRow = Selectable<RegionSubscriptionTable>;
export type MeterRow = Selectable<MeterTable>;
export type UsageRecordRow = Selectable<UsageRecordTable>;
export type ImportedUsageRow = Selectable<ImportedUsageTable>;
export type UsageDailyRow = Selectable<UsageDailyTable>;
export type UsagePullRow = Selectable<UsagePullTable>;
export type AlertRow = Selectable<AlertTable>;
export type { Generated };
