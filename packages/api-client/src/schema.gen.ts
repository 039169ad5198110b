// Generated from openapi.json by scripts/contract.ts: do not edit; run `npm run openapi`.

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers */
        get: operations["health.live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the database answers */
        get: operations["health.ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Open to anyone who reaches it unless the server runs with CMS_METRICS_ACCESS=platform; then only platform users may read it, e.g. Prometheus with the API token of a platform read-only user.
         */
        get: operations["metrics.scrape"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This OpenAPI 3.1 document */
        get: operations["docs.openapi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sign-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with email and password; sets the session cookie
         * @description The session starts at the first sign-in step still to do (`me.stage`): MFA verification, a required password change or MFA enrolment. Until it is `active` only the operations of that step answer.
         */
        post: operations["auth.signIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sign-out-everywhere": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End every session of the caller, on every device */
        post: operations["auth.signOutEverywhere"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change the caller's password (ends its other sessions) */
        post: operations["auth.changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sign-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the current session */
        post: operations["auth.signOut"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller, its organisation and the operations it may use */
        get: operations["auth.me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's API tokens (never their secrets) */
        get: operations["apiTokens.list"];
        put?: never;
        /** Create an API token scoped exactly like the caller; the secret is shown once */
        post: operations["apiTokens.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke one of your API tokens; it stops working at once */
        delete: operations["apiTokens.revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa/enrolment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a TOTP enrolment: a new secret with its otpauth URI and QR code
         * @description The secret stays pending until confirmed; an existing factor keeps working until then. Reachable at the `mfa_enrolment` sign-in step and from active sessions and tokens (to replace the factor).
         */
        post: operations["mfa.enrolmentStart"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa/enrolment/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm the pending secret with a code: it becomes the factor; recovery codes are shown once
         * @description A wrong code answers 422 naming `body.code` and changes nothing. At the `mfa_enrolment` sign-in step the session moves on (`stage`). Any earlier factor and recovery codes are replaced; replacing one needs `currentCode` or `currentRecoveryCode` (spent once; a wrong one answers 422 naming it).
         */
        post: operations["mfa.enrolmentConfirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Prove the second factor with a TOTP code or a recovery code
         * @description Completes the `mfa` sign-in step; on an active session or token it only checks the code. A code is accepted once (a replay, or a code older than the last one accepted, is refused) and a recovery code works once. A wrong code answers 401 `mfa_invalid`; attempts are limited per user (429).
         */
        post: operations["mfa.verify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa/recovery-codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replace your recovery codes with a new set (shown once; the old ones stop working)
         * @description Needs a proof of your factor: `code` or an unused `recoveryCode` (spent once; a wrong one answers 422 naming it and changes nothing).
         */
        post: operations["mfa.recoveryCodesRegenerate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove your own second factor and recovery codes (not while your account is MFA Required)
         * @description Needs a proof of your factor: `code` or an unused `recoveryCode` (spent once; a wrong one answers 422 naming it and changes nothing).
         */
        delete: operations["mfa.disable"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/mfa-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reset a user's MFA: factor and recovery codes removed, sessions ended
         * @description For a user who lost the device. With MFA Required on, the next sign-in enrols a new factor.
         */
        post: operations["users.mfaReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/distributors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Distributors within your scope */
        get: operations["distributors.list"];
        put?: never;
        /** Create a distributor together with its administrator(s) */
        post: operations["distributors.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/distributors.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export distributors within your scope as CSV (the whole filtered list, in the list's order) */
        get: operations["distributors.export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/distributors/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One distributor with its administrators */
        get: operations["distributors.get"];
        put?: never;
        post?: never;
        /** Delete a distributor (refused while it has children or subscriptions; soft, history kept) */
        delete: operations["distributors.delete"];
        options?: never;
        head?: never;
        /** Update a distributor's details or add administrators */
        patch: operations["distributors.update"];
        trace?: never;
    };
    "/api/v1/partners": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Partners within your scope */
        get: operations["partners.list"];
        put?: never;
        /** Create a partner together with its administrator(s) */
        post: operations["partners.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/partners.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export partners within your scope as CSV (the whole filtered list, in the list's order) */
        get: operations["partners.export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/partners/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One partner with its administrators */
        get: operations["partners.get"];
        put?: never;
        post?: never;
        /** Delete a partner (refused while it has children or subscriptions; soft, history kept) */
        delete: operations["partners.delete"];
        options?: never;
        head?: never;
        /** Update a partner's details or add administrators */
        patch: operations["partners.update"];
        trace?: never;
    };
    "/api/v1/partners/{id}/move": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move a partner (with its tenants) to another distributor */
        post: operations["partners.move"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tenants within your scope */
        get: operations["tenants.list"];
        put?: never;
        /** Create a tenant together with its administrator(s) */
        post: operations["tenants.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export tenants within your scope as CSV (the whole filtered list, in the list's order) */
        get: operations["tenants.export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One tenant with its administrators */
        get: operations["tenants.get"];
        put?: never;
        post?: never;
        /** Delete a tenant (refused while it has children or subscriptions; soft, history kept) */
        delete: operations["tenants.delete"];
        options?: never;
        head?: never;
        /** Update a tenant's details or add administrators */
        patch: operations["tenants.update"];
        trace?: never;
    };
    "/api/v1/tenants/{id}/move": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move a tenant (with its subscriptions and users) to another partner */
        post: operations["tenants.move"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Subscriptions within your scope */
        get: operations["subscriptions.list"];
        put?: never;
        /**
         * Create a subscription for a tenant
         * @description With `offerId` the subscription is provisioned on the offer's region (its id there chosen first and recorded `provisioning` before the region is asked). A region that does not answer leaves it `provisioning` (503 `region_unavailable`): a retry with the same Idempotency-Key resumes it, and the reconciler finishes it once the region answers. A refusal by the region (offer, owner) is a 422 naming the field and leaves nothing behind.
         */
        post: operations["subscriptions.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subscriptions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One subscription */
        get: operations["subscriptions.get"];
        put?: never;
        post?: never;
        /** Delete a subscription (soft: the record and its history stay) */
        delete: operations["subscriptions.delete"];
        options?: never;
        head?: never;
        /** Update a subscription */
        patch: operations["subscriptions.update"];
        trace?: never;
    };
    "/api/v1/subscriptions/{id}/suspension": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Suspend a subscription (Disabled on its region)
         * @description The region first: its subscription is set Disabled (no usage, resources stopped); then the CMS record. A region failure changes nothing.
         */
        post: operations["subscriptions.suspend"];
        /** Resume a suspended subscription (Enabled on its region) */
        delete: operations["subscriptions.resume"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subscriptions/{id}/cancellation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a subscription (Disabled on its region; its resources stay until deleted there) */
        post: operations["subscriptions.cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subscriptions/{id}/region-deletion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Delete a subscription on its region, after typing its name
         * @description Destroys the subscription and its resources on the region. `confirm` must repeat the subscription's name exactly (422 naming body.confirm otherwise). The CMS record stays, cancelled, with `regionDeletedAt`.
         */
        post: operations["subscriptions.regionDelete"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subscriptions/{id}/plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Add-on plans the subscription has acquired */
        get: operations["subscriptions.plans"];
        put?: never;
        /** Acquire an add-on plan of the subscription's offer on its region */
        post: operations["subscriptions.acquirePlan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subscriptions/{id}/plans/{acquisitionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove an acquired add-on plan (from the region first) */
        delete: operations["subscriptions.removePlan"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Users within your scope, each with its organisation name and status */
        get: operations["users.list"];
        put?: never;
        /** Create a user at an organisation at or below your own */
        post: operations["users.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One user */
        get: operations["users.get"];
        put?: never;
        post?: never;
        /** Delete a user: access and personal data are removed, the audit keeps the id */
        delete: operations["users.delete"];
        options?: never;
        head?: never;
        /** Change details, role or the MFA Required / Federated Only / Disabled / Locked Out toggles */
        patch: operations["users.update"];
        trace?: never;
    };
    "/api/v1/auth/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Activate an account: set the first password with the token from the invitation e-mail
         * @description The link works once and expires (7 days). An unknown, used, replaced or expired token answers 400 with `field` `body.token` and changes nothing; a password that breaks the policy answers 400 with `body.password` and leaves the link usable. With Require User Activation Code the first sign-in also needs the code the administrator handed over.
         */
        post: operations["auth.activate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Forgot password: e-mail a reset link to this address if it has an account
         * @description Always 202 with the same body, whether or not the address has an account, so the answer does not tell which addresses exist. Activated, enabled, non-federated accounts get a link valid for 60 minutes. With e-mail off nothing is sent and the answer says so for every address (`delivery: administrator`): an administrator issues the reset link. Limited per client address and per e-mail address (429 with Retry-After).
         */
        post: operations["auth.passwordResetRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password-reset/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a new password with the token from the reset e-mail
         * @description The link works once. The password is set, a lockout is lifted and every session of the user ends. An unusable token answers 400 with `field` `body.token` and changes nothing.
         */
        post: operations["auth.passwordResetConfirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/invitation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A new invitation link for a user who has not activated yet (earlier links stop working)
         * @description With e-mail set up the link is e-mailed (`delivery: email`); with e-mail off it is returned once as `activationLink` to hand over (`delivery: link`). A pending activation code is replaced too and the new one returned here, once. 422 when the user has already activated (issue a new activation code instead, if one is still pending) or is Federated Only.
         */
        post: operations["users.resendInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/activation-code": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A new activation code for a user whose first sign-in still needs one (the old one stops working)
         * @description For a user created under Require User Activation Code who has not completed the first sign-in, activated or not: the way back when the code was lost or replaced by a resend. The invitation link is not touched. 422 when no code is pending or the user is Federated Only.
         */
        post: operations["users.activationCode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A new link for a user to choose a new password (earlier reset links stop working)
         * @description With e-mail set up the link is e-mailed (`delivery: email`); with e-mail off it is returned once as `passwordResetLink` to hand over (`delivery: link`). The administrator never learns the password. 422 when the user is Federated Only, disabled or not yet activated (resend the invitation instead).
         */
        post: operations["users.passwordReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** System Settings, by group, with current values and defaults */
        get: operations["settings.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change one or more settings (all or nothing, audited) */
        patch: operations["settings.update"];
        trace?: never;
    };
    "/api/v1/mail/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test e-mail with the current SMTP settings (audited)
         * @description Sent at once, not through the outbox, to `to` or the caller's own address. 422 with the reason in words when SMTP is off (no host or sender address) or the mail server refuses or cannot be reached.
         */
        post: operations["mail.sendTest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/email-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * E-mails the CMS sent or is sending, with their outcome, newest first
         * @description One entry per message and recipient. An e-mail about an object (an invoice) is visible to the chain that object records and the platform; account e-mails (invitations, password resets) to the platform only. `relatedId` lists the history of one object.
         */
        get: operations["emailLog.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/document-storage/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test the saved Azure Storage connection of "Store Invoices In Azure Storage"
         * @description With the saved settings (whether or not storage is switched on): the container is reached (created private when missing), a small probe blob is written, read back and deleted. Each step reports ok or error in words for the operator; always 200 (the outcome is in the body). Writes nothing in the CMS.
         */
        post: operations["documentStorage.test"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search the audit log within your scope, newest first */
        get: operations["audit.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-events/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export the audit log within your scope as CSV (same filters as the search) */
        get: operations["audit.export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's Home figures: how many of each kind it can see, subscriptions by status
         * @description The totals the list operations would give the caller, in one answer; null for kinds the caller may not list.
         */
        get: operations["overview.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/identity-providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Identity-provider mappings of the organisations within your scope */
        get: operations["identityProviders.list"];
        put?: never;
        /**
         * Attach an identity provider to an organisation at or below your own
         * @description The users of that organisation and below sign in through the nearest enabled mapping up their chain. An organisation has at most one enabled mapping (409 otherwise). Register `redirectUri` with the provider.
         */
        post: operations["identityProviders.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/identity-providers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One identity-provider mapping (never its client secret) */
        get: operations["identityProviders.get"];
        put?: never;
        post?: never;
        /** Remove a mapping; its users fall back to the next mapping up their chain */
        delete: operations["identityProviders.delete"];
        options?: never;
        head?: never;
        /** Change a mapping: name, preset and issuer, client, allowed domains, linking, enabled */
        patch: operations["identityProviders.update"];
        trace?: never;
    };
    "/api/v1/auth/identity-providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Identity providers the sign-in page offers for an e-mail address
         * @description Decided by the domain of the address only (mappings that list it, and platform-level mappings open to any domain), never by whether an account exists.
         */
        get: operations["auth.identityProviders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/oidc/{providerId}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Start signing in through an identity provider: redirects to the provider's sign-in page
         * @description Browsers navigate here. 503 when the provider cannot be reached; 404 for a mapping that does not exist or is disabled.
         */
        get: operations["auth.oidcStart"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/oidc/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where the identity provider sends the browser back; signs in and redirects to returnTo
         * @description Sets the session cookie; the portal then reads its CSRF token from `GET /api/v1/auth/session`. Every refusal is the same 401 (an expired, replayed or foreign sign-in says to start again).
         */
        get: operations["auth.oidcCallback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who is signed in: the caller's session, its CSRF token and sign-in step, or none
         * @description Always 200, also without credentials (`signedIn: false`), so a browser can ask on every page load without logging a failed request. The portal reads the CSRF token here when it arrived by redirect (federated sign-in) and has no sign-in response to read.
         */
        get: operations["auth.session"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/identities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your linked federated (OpenID Connect) identities */
        get: operations["identities.listOwn"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/identities/{identityId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Unlink one of your federated identities
         * @description The next sign-in through that provider is a first one again: it links only where the mapping allows linking by verified e-mail.
         */
        delete: operations["identities.removeOwn"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/identities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's linked federated (OpenID Connect) identities */
        get: operations["users.listIdentities"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/identities/{identityId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Unlink a federated identity from a user
         * @description The next sign-in through that provider is a first one again: it links only where the mapping allows linking by verified e-mail.
         */
        delete: operations["users.removeIdentity"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/branding": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The branding and labels to show the caller (public; before sign-in: the platform's or the host name's partner's) */
        get: operations["branding.effective"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/branding/logos/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A logo image (public, immutable: a new upload has a new URL; ETag and If-None-Match) */
        get: operations["branding.logo"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/branding/platform": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The platform's branding as set (null: the built-in default) */
        get: operations["branding.platformGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change the platform's name, colour, logos or support contacts (audited)
         * @description Logos are sent as base64 in JSON: `{ "contentType": "image/png", "data": "iVBOR…" }`, at most 256 kB decoded, PNG, JPEG or WebP (checked by their signature; SVG is refused). Absent fields are kept, null clears them.
         */
        patch: operations["branding.platformUpdate"];
        trace?: never;
    };
    "/api/v1/partners/{id}/branding": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A partner's branding as set (null fields inherit the platform's) */
        get: operations["partners.brandingGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change the branding the partner's staff and its tenants' users see (audited)
         * @description As for the platform, plus `portalHostname`: the sign-in page reached at that host name shows this partner's branding (unique; 409 when another partner has it).
         */
        patch: operations["partners.brandingUpdate"];
        trace?: never;
    };
    "/api/v1/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Alerts within your scope, newest first by last seen
         * @description An alert about a subscription is visible to its tenant, partner, distributor and the platform; one about an organisation to that organisation's chain; one about a region or the system to the platform only.
         */
        get: operations["alerts.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How many unresolved alerts you can see, by severity */
        get: operations["alerts.summary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One alert */
        get: operations["alerts.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{id}/acknowledge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark an alert seen (it stays unresolved)
         * @description Records who acknowledged it and when. Acknowledging an acknowledged alert changes nothing; a resolved one answers 409. A repeat of the condition keeps the acknowledgement unless its severity rises.
         */
        post: operations["alerts.acknowledge"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resolve an alert by hand
         * @description For a condition that has been dealt with. If it occurs again, a new alert opens. Resolving a resolved alert changes nothing.
         */
        post: operations["alerts.resolve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/regions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Regions: Azure Stack Hub stamps and import sources (platform users) */
        get: operations["regions.list"];
        put?: never;
        /**
         * Register a region: an Azure Stack Hub stamp, or an import source
         * @description An azure_stack region is asked at save time what it signs in with (its metadata endpoint: Microsoft Entra ID or AD FS) and, unless given, which subscription is its Default Provider Subscription (a token and GET /subscriptions). A stamp that cannot be reached, or refuses the credentials, refuses the save with 422 naming the field to fix and what the stamp answered; nothing is saved. The client secret is stored encrypted and never returned. An import source takes a name, a description and a time zone only.
         */
        post: operations["regions.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/regions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One region (never its client secret) */
        get: operations["regions.get"];
        put?: never;
        post?: never;
        /** Delete a region that has no usage and no subscriptions (409 otherwise) */
        delete: operations["regions.delete"];
        options?: never;
        head?: never;
        /**
         * Change a region: name, connection, time zone (until it has usage), collection window, schedule
         * @description An azure_stack region is asked at save time what it signs in with (its metadata endpoint: Microsoft Entra ID or AD FS) and, unless given, which subscription is its Default Provider Subscription (a token and GET /subscriptions). A stamp that cannot be reached, or refuses the credentials, refuses the save with 422 naming the field to fix and what the stamp answered; nothing is saved. The client secret is stored encrypted and never returned. The stamp is asked again only when the connection changes.
         */
        patch: operations["regions.update"];
        trace?: never;
    };
    "/api/v1/regions/{id}/test-connection": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test a saved region's connection: metadata, token, usage API, admin API
         * @description Each step reports ok or error in words for the operator; after a failed step the rest are skipped. Always 200 when the region exists (the outcome is in the body); writes nothing.
         */
        post: operations["regions.testConnection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/region-connection-tests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test the connection of a region form before saving it (the create body)
         * @description Takes the body of POST /api/v1/regions (kind azure_stack) and runs the same steps as a saved region's test; writes nothing.
         */
        post: operations["regions.testDraftConnection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/regions/{id}/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A region's health: last and next run, last error, failed collection jobs */
        get: operations["regions.health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/meters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The Azure Stack Hub meter catalog, or an import source's */
        get: operations["meters.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/regions/{id}/meters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a meter to an import source's catalog */
        post: operations["regionMeters.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/regions/{id}/meters/{meterId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a meter from an import source's catalog (refused while usage refers to it) */
        delete: operations["regionMeters.delete"];
        options?: never;
        head?: never;
        /** Change a meter of an import source's catalog */
        patch: operations["regionMeters.update"];
        trace?: never;
    };
    "/api/v1/regions/{id}/usage-imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import usage into an import source (all records or none)
         * @description Records as JSON, or a CSV or JSON file as text (docs/usage-import.md). A record is stored once per (source, externalId): importing it again replaces it. A file with any bad row is refused whole with a 422 listing each row error (row, column, message); dryRun=true checks and counts without storing.
         */
        post: operations["usageImports.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Jobs within your scope (region and system jobs: platform only), newest first */
        get: operations["jobs.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One job: status, progress, attempts, last error and times */
        get: operations["jobs.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a queued or running job
         * @description A running job's lease is revoked: its worker can write nothing more and is told to stop. 409 when the job has already finished.
         */
        post: operations["jobs.cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Queue a failed or cancelled job again
         * @description It runs again with all its attempts, resuming from its checkpoint. 409 when it has not failed or been cancelled, or when the same work (its dedupe key) is already queued or running.
         */
        post: operations["jobs.retry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subscriptions/{id}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A subscription's usage per local day or per meter
         * @description From the region's daily aggregates, on the region's local days, from the subscription's billable-from instant on.
         */
        get: operations["subscriptions.usage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/regions/{id}/unassigned-usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Usage of a region that no subscription takes
         * @description Azure Stack subscriptions with usage but no live linked subscription, and usage before a linked subscription's billable-from instant.
         */
        get: operations["regions.unassignedUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subscriptions/{id}/rated-lines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A subscription's rated lines for a period
         * @description The money of record of an open period: quantity in the price unit, raw quantity, rate or tier slices, amount, and the price list version used.
         */
        get: operations["subscriptions.ratedLines"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/rated-lines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A tenant's rated lines for a period
         * @description Every line of the tenant-period, tenant credits included.
         */
        get: operations["tenants.ratedLines"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subscriptions/{id}/daily-cost": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A subscription's cost per local day (an allocation)
         * @description Each rated line's amount allocated over the local days by quantity (largest remainder), for charts. Not money of record.
         */
        get: operations["subscriptions.dailyCost"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subscriptions/{id}/cost-to-date": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A subscription's month-to-date and projected cost
         * @description Month to date: rated amounts after discounts and credits, before tax. Projection: the fully collected days extended to the month end and rated (tiers apply).
         */
        get: operations["subscriptions.costToDate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/cost-to-date": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A tenant's month-to-date and projected cost
         * @description As for a subscription, over all of the tenant’s subscriptions (the current month in the Platform Time Zone).
         */
        get: operations["tenants.costToDate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rating/recalculate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Recalculate: rate open periods again
         * @description Queues a rating job (merged with a queued one of the same scope).
         */
        post: operations["rating.recalculate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/regions/{id}/usage-collections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Update Usage: collect a range of days from a region
         * @description Queues a `usage.collect` job for the reported windows from the start of fromDate to the end of toDate (the region's local days) plus the region's collection window. The same request while that job is queued or running answers that job. Follow it with GET /api/v1/jobs/{id}.
         */
        post: operations["regions.collectUsage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subscriptions/{id}/usage-collections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Update Usage: collect a range of days of one subscription's usage
         * @description Queues a `usage.collect` job for the reported windows from the start of fromDate to the end of toDate (the region's local days) plus the region's collection window. The same request while that job is queued or running answers that job. Follow it with GET /api/v1/jobs/{id}.
         */
        post: operations["subscriptions.collectUsage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/regions/{id}/held-pulls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Re-pulls held because they would lower usage of a closed period */
        get: operations["regions.heldPulls"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/regions/{id}/held-pull-confirmations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm a held re-pull: a job pulls the window again and stores it, closed period or not */
        post: operations["regions.confirmHeldPull"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/regions/{regionId}/subscription-links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Link an Azure Stack subscription found on a region to a tenant
         * @description Creates a subscription (origin `linked`) for an Azure Stack subscription the region has reported. Its usage from `billableFrom` on is billed to it; earlier usage stays unassigned.
         */
        post: operations["subscriptions.link"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/regions/{id}/platform-subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Azure Stack subscriptions on a region that are not in the CMS */
        get: operations["regions.platformSubscriptions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Plans of the regions (platform users) */
        get: operations["plans.list"];
        put?: never;
        /**
         * Create a plan on a region
         * @description Written to the region through its admin API first, then stored as the region answers. The region refusing it is a 422 naming the field, with the stamp's message; a region that cannot be reached is a 503 (not_ready). Either way nothing is stored.
         */
        post: operations["plans.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/plans/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One plan with its quotas */
        get: operations["plans.get"];
        put?: never;
        post?: never;
        /**
         * Delete a plan no offer or subscription uses (409 otherwise)
         * @description Written to the region through its admin API first, then stored as the region answers. The region refusing it is a 422 naming the field, with the stamp's message; a region that cannot be reached is a 503 (not_ready). Either way nothing is stored. The CMS keeps the plan, marked as gone from the region.
         */
        delete: operations["plans.delete"];
        options?: never;
        head?: never;
        /**
         * Change a plan's display name, description or quotas
         * @description Written to the region through its admin API first, then stored as the region answers. The region refusing it is a 422 naming the field, with the stamp's message; a region that cannot be reached is a 503 (not_ready). Either way nothing is stored.
         */
        patch: operations["plans.update"];
        trace?: never;
    };
    "/api/v1/quotas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Quotas of the regions’ admin providers (platform users) */
        get: operations["quotas.list"];
        put?: never;
        /**
         * Create a quota of one of a region's admin providers
         * @description Written to the region through its admin API first, then stored as the region answers. The region refusing it is a 422 naming the field, with the stamp's message; a region that cannot be reached is a 503 (not_ready). Either way nothing is stored.
         */
        post: operations["quotas.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/quotas/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One quota with its limits */
        get: operations["quotas.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a quota's limits
         * @description Written to the region through its admin API first, then stored as the region answers. The region refusing it is a 422 naming the field, with the stamp's message; a region that cannot be reached is a 503 (not_ready). Either way nothing is stored.
         */
        patch: operations["quotas.update"];
        trace?: never;
    };
    "/api/v1/offers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Offers: platform users see all; everyone else the public offers published to their branch */
        get: operations["offers.list"];
        put?: never;
        /**
         * Create an offer on a region, and publish it
         * @description Written to the region through its admin API first, then stored as the region answers. The region refusing it is a 422 naming the field, with the stamp's message; a region that cannot be reached is a 503 (not_ready). Either way nothing is stored. The offer is Private on the region (subscriptions are made by the CMS); publication and visibility are the CMS's own.
         */
        post: operations["offers.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/offers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One offer with its base and add-on plans and whom it is published to */
        get: operations["offers.get"];
        put?: never;
        post?: never;
        /**
         * Delete an offer no subscription uses (409 otherwise; decommission it instead)
         * @description Written to the region through its admin API first, then stored as the region answers. The region refusing it is a 422 naming the field, with the stamp's message; a region that cannot be reached is a 503 (not_ready). Either way nothing is stored. The CMS keeps the offer, marked as gone from the region.
         */
        delete: operations["offers.delete"];
        options?: never;
        head?: never;
        /**
         * Change an offer's plans or names (on the region) and its publishing (the CMS's own)
         * @description Display name, description and plans: Written to the region through its admin API first, then stored as the region answers. The region refusing it is a 422 naming the field, with the stamp's message; a region that cannot be reached is a 503 (not_ready). Either way nothing is stored. Publication, visibility and visibleTo are stored by the CMS alone.
         */
        patch: operations["offers.update"];
        trace?: never;
    };
    "/api/v1/regions/{regionId}/offer-syncs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sync now: read the region's plans, offers and quotas
         * @description Queues an `offers.sync` job of the region (the one queued or running, if any). Follow it with GET /api/v1/jobs/{id}.
         */
        post: operations["regions.syncOffers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/identity-check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's last identity health check
         * @description Directory against its subscriptions' directories on their regions, the sign-in mapping's discovery, and at least one active administrator (product.md §4). `never_checked` until a first check runs: the tenant's first administrator, "Check now" or the daily schedule (while "Perform Tenant Identity Health Checks" is on).
         */
        get: operations["tenants.identityCheck"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/identity-checks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check the tenant's identity health now ("Check now")
         * @description Runs the check in the request (a provider that does not answer discovery within 5 s is reported unreachable) and answers the recorded result. Problems are raised as alerts while "Perform Tenant Identity Health Checks" is on; alerts of problems that are gone are resolved.
         */
        post: operations["tenants.identityCheckRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subscriptions/{id}/quotas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A subscription's plans, their quotas and the consumption that measures each
         * @description The offer's base plans and the acquired add-on plans, each quota property with its limit and its consumption in the subscription's last complete hour with collected usage (within the last 24 hours), or marked untracked when no usage meter measures it.
         */
        get: operations["subscriptions.quotas"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pricing-tools/price-increases/model": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run Model: old versus new cost of a price increase on a period’s real usage (writes nothing)
         * @description Scope: `priceList` (give `priceListId`, optionally `sourceVersionId`), `allRegionLists`, `region` (`regionId`: that region's list) or `tenant` (`tenantId`: that tenant's list). Each list's source version is the one that rates the current month (Platform Time Zone) unless `sourceVersionId` names another. A percentage multiplies every flat and tier rate by (1 + amount ÷ 100); a fixed amount is added to every flat and tier rate per price unit; no rate goes below zero. New rates keep 18 decimal places, rounded half away from zero, exactly as `apply` stores them. The period's real usage of every tenant the lists price is rated twice by the rating engine — with the prices that rate it today, then with the increased rates of the source versions in their place — with the same price resolution, discounts, credits, exchange rates and rounding. Answers per meter (gross usage lines), per tenant (subtotals after discounts and credits) and totals per currency. Applying the same increase from that period and rating it gives exactly the new figures.
         */
        post: operations["priceIncreases.model"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pricing-tools/price-increases/apply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply a price increase: a new version of each list in scope, from a month
         * @description Scope: `priceList` (give `priceListId`, optionally `sourceVersionId`), `allRegionLists`, `region` (`regionId`: that region's list) or `tenant` (`tenantId`: that tenant's list). Each list's source version is the one that rates the current month (Platform Time Zone) unless `sourceVersionId` names another. A percentage multiplies every flat and tier rate by (1 + amount ÷ 100); a fixed amount is added to every flat and tier rate per price unit; no rate goes below zero. New rates keep 18 decimal places, rounded half away from zero, exactly as `apply` stores them. Each list gets a new version (a copy of its source version's items at the increased rates) effective from `effectiveFrom`, which may not be before the current month; it is activated at once (the version it follows becomes superseded from that month) unless `activate` is false, which leaves a draft. Open periods from that month are re-rated. All lists change in one transaction.
         */
        post: operations["priceIncreases.apply"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pricing-tools/estimates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Estimator: price quantities for a tenant or subscription, as an invoice would (writes nothing)
         * @description Quantities per meter (and SKU) in the meter's own unit, for a tenant (each row may name one of its subscriptions; a tenant with one subscription needs none) or a subscription, priced for a period by the rating engine: with the lists that apply (subscription override → tenant list → region list, item by item) or with one price list (`priceListId`, optionally a draft `versionId`), with the tenant's discounts and credits valid in the period, then tax from the tenant's tax profile. Every line is rounded as on an invoice; subtotal + tax = total. Quantities equal to a past month’s real usage give exactly that month’s rated amount.
         */
        post: operations["pricingTools.estimate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calculator": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Calculator: price quantities with the prices of your own subscriptions (writes nothing)
         * @description The estimator for tenants, partners and distributors, as far as the Calculator Settings show it to their level (403 otherwise; platform users always): the quantities are priced with the lists that apply to the chosen tenant's or subscription's own subscriptions, never another list; a tenant or subscription outside your branch is not found (404).
         */
        post: operations["calculator.calculate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/price-lists": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Price lists of regions, tenants and subscriptions (platform users) */
        get: operations["priceLists.list"];
        put?: never;
        /**
         * Create a price list for a region, a tenant or one subscription (an override)
         * @description One list per scope (409 naming the scope field otherwise). A subscription override is in its tenant's currency. The list starts without versions: add a draft, its items, then activate it.
         */
        post: operations["priceLists.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/price-lists/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One price list with its versions */
        get: operations["priceLists.get"];
        put?: never;
        post?: never;
        /**
         * Delete a price list that prices nothing (409 while it does)
         * @description Refused while rated lines name the list, or while an activated version of it takes effect by the current month and its scope has usage this month (the next rating would use it).
         */
        delete: operations["priceLists.delete"];
        options?: never;
        head?: never;
        /** Change a price list's name, description or (before any activation) currency */
        patch: operations["priceLists.update"];
        trace?: never;
    };
    "/api/v1/price-lists/{listId}/clones": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Clone a price list into a new list of another scope
         * @description Copies every version (numbers, states and months kept) or only `versionId` (as a draft, version 1). The target scope must have no list yet; the currency defaults to the source's.
         */
        post: operations["priceLists.clone"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/price-lists/{listId}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a draft version, empty or a copy of another version of the list */
        post: operations["priceListVersions.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/price-list-versions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version with its items and their tiers */
        get: operations["priceListVersions.get"];
        put?: never;
        post?: never;
        /** Delete a draft version (409 for an activated one) */
        delete: operations["priceListVersions.delete"];
        options?: never;
        head?: never;
        /** Change a version's effective month (drafts) or notes */
        patch: operations["priceListVersions.update"];
        trace?: never;
    };
    "/api/v1/price-list-versions/{id}/activation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Activate a draft: it becomes active and the previous active version superseded
         * @description The superseded version still rates the months before the new one's effective month. Refused (409) for a version that is not a draft, an effective month before the active version's, or one at or before a closed period of the list's scope. Two activations of one list run one after the other.
         */
        post: operations["priceListVersions.activate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/price-list-versions/{id}/items.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A version's items as CSV (the import's format, docs/pricing.md) */
        get: operations["priceListVersions.export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/price-list-versions/{id}/items-import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Update a draft's items from CSV (dryRun=true, the default, only reports the changes)
         * @description Update-only: each line names an existing item by meter_id and sku; a line for an item the version lacks is an error, never a new item. dryRun=true answers the changes (item, field, old, new) and the errors per line and writes nothing; dryRun=false applies exactly those changes in one transaction, or answers 422 listing the errors (row = CSV line) and changes nothing.
         */
        post: operations["priceListVersions.import"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/price-list-versions/{versionId}/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add an item to a version: a meter (and SKU) with a flat rate or tiers
         * @description A draft changes freely. An active or superseded version changes in place only while no closed (invoiced) period used it; otherwise 409: create a new version. The meter must be in the list's catalog; "month" is for hour-metered meters. Tiers: the first from 0, each next from the previous to, the last open-ended (422 naming `body.tiers[i].field`).
         */
        post: operations["priceItems.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/price-items/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove an item from its version
         * @description A draft changes freely. An active or superseded version changes in place only while no closed (invoiced) period used it; otherwise 409: create a new version.
         */
        delete: operations["priceItems.delete"];
        options?: never;
        head?: never;
        /**
         * Change an item's SKU, price unit, pricing, rate, tiers or description
         * @description A draft changes freely. An active or superseded version changes in place only while no closed (invoiced) period used it; otherwise 409: create a new version. Switching to flat drops the tiers; switching to tiers needs them.
         */
        patch: operations["priceItems.update"];
        trace?: never;
    };
    "/api/v1/tax-profiles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tax profiles (platform users): named rates with effective dates, or exempt */
        get: operations["taxProfiles.list"];
        put?: never;
        /**
         * Create a tax profile: exempt, or one or more rates
         * @description A tenant without a profile of its own is taxed by the Default Tax Profile setting. Rating computes no tax; the estimator, the calculator and invoices apply the rates effective on the issue date.
         */
        post: operations["taxProfiles.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tax-profiles/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One tax profile with all its rates */
        get: operations["taxProfiles.get"];
        put?: never;
        post?: never;
        /** Delete a tax profile no tenant has and that is not the default (409 otherwise) */
        delete: operations["taxProfiles.delete"];
        options?: never;
        head?: never;
        /**
         * Change a tax profile: name, exempt, or its whole set of rates
         * @description `rates`, when given, replaces every rate of the profile. Marking it exempt without `rates` removes its rates. To change a rate from a date, add a rate of the same name with that effective date.
         */
        patch: operations["taxProfiles.update"];
        trace?: never;
    };
    "/api/v1/exchange-rates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Exchange rates against the platform currency, with their effective instants (platform users) */
        get: operations["exchangeRates.list"];
        put?: never;
        /**
         * Set an exchange rate from an instant (against the current platform currency)
         * @description Open periods are rated with, per currency, the latest rate effective at the end of the period (the first moment of the next month in the Platform Time Zone). One rate per currency and instant (409).
         */
        post: operations["exchangeRates.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exchange-rates/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One exchange rate */
        get: operations["exchangeRates.get"];
        put?: never;
        post?: never;
        /** Delete a rate (refused, 409, once an invoice was issued while it was in effect) */
        delete: operations["exchangeRates.delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/discounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Discounts, per tenant or subscription
         * @description Platform administrators manage them and platform readers read them; a tenant and the partner and distributor above it see them only as the discount and credit lines of their rated usage.
         */
        get: operations["discounts.list"];
        put?: never;
        /**
         * Give a tenant or a subscription a percentage off
         * @description Optionally limited to some meters and to a range of periods. At most one discount of a tenant (or of a subscription) is valid in a period: one whose periods meet another of the same scope is refused (409, naming it). A subscription's discount replaces its tenant's for that subscription. Platform administrators manage them and platform readers read them; a tenant and the partner and distributor above it see them only as the discount and credit lines of their rated usage.
         */
        post: operations["discounts.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/discounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One discount */
        get: operations["discounts.get"];
        put?: never;
        post?: never;
        /** Delete a discount (open periods are re-rated without it) */
        delete: operations["discounts.delete"];
        options?: never;
        head?: never;
        /** Change a discount: percentage, meters, periods, description */
        patch: operations["discounts.update"];
        trace?: never;
    };
    "/api/v1/credits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Credits, per tenant, subscription or price item
         * @description Platform administrators manage them and platform readers read them; a tenant and the partner and distributor above it see them only as the discount and credit lines of their rated usage.
         */
        get: operations["credits.list"];
        put?: never;
        /**
         * Give a credit: an amount per period on a price item, a subscription or a tenant
         * @description An item credit is in the price list's currency and offsets that item's lines across a tenant's subscriptions: the list's item of the same meter and SKU in whichever version prices a period (new versions and price increases keep it; a clone of the list to another scope does not). A subscription or tenant credit is in the tenant's currency (it follows a change of that currency). Valid from fromPeriod to toPeriod (null: no end); oneOff true makes it the first period only. What a period does not use expires with it. Platform administrators manage them and platform readers read them; a tenant and the partner and distributor above it see them only as the discount and credit lines of their rated usage.
         */
        post: operations["credits.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/credits/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One credit */
        get: operations["credits.get"];
        put?: never;
        post?: never;
        /** Delete a credit (open periods are re-rated without it) */
        delete: operations["credits.delete"];
        options?: never;
        head?: never;
        /** Change a credit: amount, periods, one-off, description */
        patch: operations["credits.update"];
        trace?: never;
    };
    "/api/v1/reports/focus": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * FOCUS 1.2 export of a period (CSV)
         * @description The rated lines of the period as FinOps Open Cost and Usage Specification 1.2 rows, for one tenant or every tenant you can see, streamed as CSV (docs/reports.md maps every column). BilledCost and InvoiceId come from the issued invoice of the period; while the period is open they are 0 and empty.
         */
        get: operations["reports.focus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/subscription-summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Subscription Summary: usage totals and billing results per subscription and meter
         * @description Usage of the range's local days beside the rated amounts (discounts and credits included) of every period the range overlaps, for one tenant or every tenant you can see; as JSON, CSV or an Excel workbook.
         */
        get: operations["reports.subscriptionSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/chargeback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Chargeback/showback report of a period, per tenant you can see
         * @description Per tenant: billing mode, currency, the period's rated usage, discounts, credits and subtotal (before tax), unpriced lines and the state of its rating; as JSON, CSV or an Excel workbook. What was invoiced: the reconciliation report.
         */
        get: operations["reports.chargeback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/reconciliation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Reconciliation usage → rated → invoiced of a period, per subscription and meter
         * @description Per tenant you can see (or the one named), subscription and meter: the period's collected usage, the rated quantity and amount, what its issued invoice and later prior-period adjustments billed, credit notes against them, the differences and a status per row; totals per currency, before tax. As JSON, CSV or an Excel workbook.
         */
        get: operations["reports.reconciliation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Invoices, credit notes and statements
         * @description Previews are listed to the platform and the recorded chain only. Visible to the platform, to the partner and distributor that owned the tenant at the start of the period (not to a later owner), and to the tenant itself for what was issued to it (read only).
         */
        get: operations["invoices.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invoices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One invoice with its lines and tax lines
         * @description Visible to the platform, to the partner and distributor that owned the tenant at the start of the period (not to a later owner), and to the tenant itself for what was issued to it (read only).
         */
        get: operations["invoices.get"];
        put?: never;
        post?: never;
        /** Delete a preview (an issued invoice is voided instead) */
        delete: operations["invoices.delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invoices/{id}/pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The PDF of an invoice, credit note or statement (a preview is marked PREVIEW)
         * @description Visible to the platform, to the partner and distributor that owned the tenant at the start of the period (not to a later owner), and to the tenant itself for what was issued to it (read only). An issued document is the file rendered when it was issued, byte for byte: later changes of branding or Invoice Settings do not alter it. A preview is rendered as it is now. Served as an attachment named after the number.
         */
        get: operations["invoices.pdf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invoices/{id}/email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * E-mail an issued document with its PDF attached (to the tenant's billing e-mail by default)
         * @description Queues one message per recipient (kind `invoice`), listed in the e-mail log under the invoice and visible to its recorded chain. 422 naming `body.to` when the tenant has no e-mail address and none is given; 409 for previews and void documents.
         */
        post: operations["invoices.email"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invoices/{id}/emails": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The e-mails about an invoice, newest first, with their outcome
         * @description The e-mail log entries related to the invoice. Visible to the platform, to the partner and distributor that owned the tenant at the start of the period (not to a later owner), and to the tenant itself for what was issued to it (read only).
         */
        get: operations["invoices.emails"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invoice-generations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Generate previews for a period: chosen tenants, or every tenant you bill
         * @description Queues an `invoices.generate` job (follow it with GET /api/v1/jobs/{id}). Each tenant is rated first where needed and gets a preview, replacing its earlier preview; issued invoices are never touched. A tenant that cannot be invoiced yet (a region not collected past its month end, a missing exchange rate, no billing mode) gets an `invoice.not_generated` alert saying why. "Every tenant" means those whose chain at the start of the period includes your organisation. The same request while that job is queued or running answers that job.
         */
        post: operations["invoices.generate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invoices/{id}/issue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Issue a preview: number, issue and due dates, frozen lines; closes the period
         * @description Refused (409) when the preview no longer matches the usage and prices (generate it again). A negative total is issued as a credit note; showback tenants get statements.
         */
        post: operations["invoices.issue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invoice-issues": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Issue a period's previews: chosen tenants', or every preview you bill
         * @description Queues an `invoices.issue` job (follow it with GET /api/v1/jobs/{id}) that issues the previews in batches, each exactly as POST /api/v1/invoices/{id}/issue would. A preview that cannot be issued (its usage or prices changed since it was generated, a region not collected, a missing exchange rate) stays a preview with an `invoice.not_issued` alert saying why; the others are issued. The PDFs are kept by the `invoices.keep-pdfs` sweep within minutes, or on the first request for the file. "Every preview" means those whose recorded chain includes your organisation. The same request while that job is queued or running answers that job.
         */
        post: operations["invoices.issueAll"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invoices/{id}/void": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Void an issued invoice: a full credit note with its own number; the invoice keeps its number
         * @description A statement is voided without a credit note. An invoice with payments is credited instead.
         */
        post: operations["invoices.void"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invoices/{id}/credit-notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a credit note for chosen lines (or amounts of them) of an issued invoice */
        post: operations["invoices.creditNote"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invoices/{id}/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The payments recorded against an invoice
         * @description Visible to the platform, to the partner and distributor that owned the tenant at the start of the period (not to a later owner), and to the tenant itself for what was issued to it (read only).
         */
        get: operations["invoices.payments"];
        put?: never;
        /**
         * Record a payment (full or partial); the invoice is paid once nothing is due
         * @description Statements, credit notes and previews take no payments; nobody pays more than is due.
         */
        post: operations["invoices.recordPayment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AcquiredPlan: {
            /** @description The region's acquisition id (a GUID) */
            acquisitionId: string;
            /** @description The add-on plan */
            planId: string;
            /** @enum {string} */
            state: "provisioning" | "provisioned" | "removing";
            acquiredAt: string;
        };
        AcquiredPlanList: {
            items: components["schemas"]["AcquiredPlan"][];
        };
        ActivateResult: {
            /** @description The account now active: sign in with it */
            email: string;
            /** @description The first sign-in also needs the activation code from your administrator */
            activationCodeRequired: boolean;
        };
        ActivationCodeIssued: {
            /** @description The new one-time activation code for the first sign-in; the previous one no longer works. Shown only in this response */
            activationCode: string;
            /** @description When the code stops working */
            expiresAt: string;
        };
        Alert: {
            id: string;
            /** @description What kind of condition, e.g. usage.unknown_meter */
            kind: string;
            /** @description Which instance of the kind; with kind, the identity of the condition */
            key: string;
            /** @enum {string} */
            severity: "info" | "warning" | "critical";
            /**
             * @description open: nobody has acknowledged it yet; acknowledged: someone has, the condition still holds; resolved
             * @enum {string}
             */
            status: "open" | "acknowledged" | "resolved";
            title: string;
            message: string;
            details: {
                [key: string]: unknown;
            } | null;
            regionId: string | null;
            /** @description The subscription the alert is about; its chain sees the alert */
            subscription: {
                id: string;
                name: string;
            } | null;
            /** @description The organisation the alert is about; its chain sees the alert */
            organisation: {
                id: string;
                /** @enum {string} */
                kind: "platform" | "distributor" | "partner" | "tenant";
                name: string;
            } | null;
            /** @description How often the condition was raised while this alert was unresolved */
            occurrences: number;
            firstSeenAt: string;
            lastSeenAt: string;
            acknowledged: {
                at: string;
                by: {
                    /**
                     * @description provider: staff from above your level (no name); system: resolved when the condition cleared
                     * @enum {string}
                     */
                    kind: "user" | "provider" | "system";
                    userId: string | null;
                    name: string;
                };
            } | null;
            resolved: {
                at: string;
                by: {
                    /**
                     * @description provider: staff from above your level (no name); system: resolved when the condition cleared
                     * @enum {string}
                     */
                    kind: "user" | "provider" | "system";
                    userId: string | null;
                    name: string;
                };
            } | null;
        };
        AlertSummary: {
            /** @description Unresolved alerts nobody has acknowledged */
            open: {
                info: number;
                warning: number;
                critical: number;
                total: number;
            };
            /** @description Unresolved alerts someone has acknowledged */
            acknowledged: {
                info: number;
                warning: number;
                critical: number;
                total: number;
            };
        };
        ApiToken: {
            id: string;
            name: string;
            createdAt: string;
            expiresAt: string | null;
            /** @description Recorded at most once a minute */
            lastUsedAt: string | null;
            revokedAt: string | null;
        };
        ApiTokenCreated: {
            id: string;
            name: string;
            createdAt: string;
            expiresAt: string | null;
            /** @description Recorded at most once a minute */
            lastUsedAt: string | null;
            revokedAt: string | null;
            /** @description The secret, shown this once: send as "Authorization: Bearer <token>" */
            token: string;
        };
        AuditEvent: {
            id: string;
            occurredAt: string;
            action: string;
            targetType: string;
            targetId: string;
            /** @description The target's current name (a user's full name) when you may see it; null otherwise */
            targetName: string | null;
            actor: {
                /**
                 * @description provider: staff from above your level
                 * @enum {string}
                 */
                kind: "user" | "system" | "provider";
                userId: string | null;
                name: string;
                email: string | null;
            };
            ip: string | null;
            userAgent: string | null;
            requestId: string | null;
            before: {
                [key: string]: unknown;
            } | null;
            after: {
                [key: string]: unknown;
            } | null;
        };
        Branding: {
            orgId: string;
            name: string | null;
            primaryColor: string | null;
            supportEmail: string | null;
            supportUrl: string | null;
            /** @description Partners only; always null for the platform */
            portalHostname: string | null;
            /** @description Partners only (always null for the platform, whose payment details are the setting invoices.paymentDetails): printed on the partner's invoices */
            paymentDetails: string | null;
            logoLight: components["schemas"]["Logo"] | null;
            logoDark: components["schemas"]["Logo"] | null;
            updatedAt: string | null;
        };
        ChargebackReport: {
            /** @example 2024-03 */
            period: string;
            platformCurrency: string;
            rows: {
                tenantId: string;
                tenantName: string;
                /** @description Platform users only */
                distributorId: string | null;
                distributorName: string | null;
                /** @description Platform and distributor users only */
                partnerId: string | null;
                partnerName: string | null;
                /** @enum {string} */
                billingMode: "chargeback" | "showback";
                currency: string;
                /** @enum {string} */
                status: "rated" | "missing_exchange_rate" | "not_rated";
                ratedAt: string | null;
                /** @description Rated usage lines (gross) */
                usage: string;
                /** @description Exact decimal as a string, in the currency's minor unit */
                discounts: string;
                /** @description Exact decimal as a string, in the currency's minor unit */
                credits: string;
                /** @description Before tax: what the period would invoice */
                subtotal: string;
                unpricedLines: number;
                lines: number;
                /** @description The subtotal in the platform currency; null without a rate */
                platformSubtotal: string | null;
            }[];
            totals: {
                /** @enum {string} */
                billingMode: "chargeback" | "showback";
                currency: string;
                tenants: number;
                /** @description Exact decimal as a string, in the currency's minor unit */
                usage: string;
                /** @description Exact decimal as a string, in the currency's minor unit */
                discounts: string;
                /** @description Exact decimal as a string, in the currency's minor unit */
                credits: string;
                /** @description Exact decimal as a string, in the currency's minor unit */
                subtotal: string;
            }[];
            platformTotals: {
                /** @enum {string} */
                billingMode: "chargeback" | "showback";
                /** @description Exact decimal as a string, in the currency's minor unit */
                subtotal: string;
                tenants: number;
                /** @description Tenants left out for a missing exchange rate */
                withoutRate: number;
            }[];
        };
        Credit: {
            id: string;
            /** @enum {string} */
            scope: "item" | "subscription" | "tenant";
            /** @description An item credit's price list; null for subscription and tenant credits */
            priceListId: string | null;
            /** @description An item credit's meter: it offsets the item of this meter (and SKU) in whichever version of the list prices a period */
            meterId: string | null;
            /** @description An item credit's SKU, as its items have it ('' for the meter-wide item); null for other credits */
            sku: string | null;
            subscriptionId: string | null;
            /** @description The tenant, or the subscription's tenant; null for an item credit */
            tenantId: string | null;
            amount: string;
            currency: string;
            fromPeriod: string;
            /** @description null: no end */
            toPeriod: string | null;
            /** @description fromPeriod equals toPeriod */
            oneOff: boolean;
            description: string;
            createdAt: string;
            updatedAt: string;
        };
        DailyCost: {
            subscriptionId: string;
            /** @example 2024-03 */
            period: string;
            currency: string | null;
            /**
             * @description Amounts per day are an allocation of the period lines by quantity
             * @constant
             */
            allocation: true;
            days: {
                day: string;
                amount: string | null;
            }[];
        };
        Discount: {
            id: string;
            /** @enum {string} */
            scope: "tenant" | "subscription";
            /** @description The tenant, or the subscription's tenant */
            tenantId: string;
            subscriptionId: string | null;
            percentage: string;
            /** @description null: every meter */
            meterIds: string[] | null;
            fromPeriod: string | null;
            toPeriod: string | null;
            description: string | null;
            createdAt: string;
            updatedAt: string;
        };
        Distributor: {
            id: string;
            name: string;
            contact: {
                name: string | null;
                email: string | null;
                phone: string | null;
            };
            billingContact: {
                name: string | null;
                email: string | null;
                phone: string | null;
            };
            address: {
                line1: string | null;
                line2: string | null;
                city: string | null;
                region: string | null;
                postalCode: string | null;
                country: string | null;
            };
            currency: string;
            createdAt: string;
            updatedAt: string;
            /** @description Present on single-object responses */
            administrators?: {
                id: string;
                email: string;
                firstName: string | null;
                lastName: string | null;
                /**
                 * @description Only for administrators created by this request
                 * @enum {string}
                 */
                invitation?: "queued" | "link" | "not_needed";
                /** @description The one-time activation code (Require User Activation Code): hand it over out of band; it is required at first sign-in and shown only in this response */
                activationCode?: string;
                /** @description The one-time activation link (e-mail is off): hand it to the user, who sets a password with it. Shown only in this response; it works once and expires with the invitation (7 days) */
                activationLink?: string;
            }[];
        };
        EffectiveBranding: {
            name: string;
            primaryColor: string;
            logoLightUrl: string | null;
            /** @description The dark scheme's logo; the light one when only that is set */
            logoDarkUrl: string | null;
            supportEmail: string | null;
            supportUrl: string | null;
            labels: {
                distributor: {
                    singular: string;
                    plural: string;
                };
                partner: {
                    singular: string;
                    plural: string;
                };
                tenant: {
                    singular: string;
                    plural: string;
                };
                subscription: {
                    singular: string;
                    plural: string;
                };
            };
        };
        EmailLogEntry: {
            id: string;
            /** @description What the e-mail is for: invoice, delinquency_notice, invitation, password_reset… */
            kind: string;
            /** @description The object the e-mail is about (an invoice); null for account e-mails */
            related: {
                type: string;
                id: string;
            } | null;
            /** @description One message per recipient: an address refused alone is retried alone */
            recipient: string;
            subject: string;
            /**
             * @description queued: waiting for its first attempt or a retry (attempts says which); sending: an attempt is under way; sent: the mail server accepted it; failed: given up after the last retry
             * @enum {string}
             */
            status: "queued" | "sending" | "sent" | "failed";
            /** @description Attempts to hand it to the mail server so far */
            attempts: number;
            /** @description Why the last attempt failed, in the operator's words (never the server's text) */
            lastError: string | null;
            /** @description While queued: when the next attempt is due */
            nextAttemptAt: string | null;
            /** @description UTC ISO-8601 timestamp */
            createdAt: string;
            sentAt: string | null;
            /** @description When the entry last changed (an attempt began or ended) */
            updatedAt: string;
            attachments: {
                filename: string;
                contentType: string;
                byteSize: number;
            }[];
        };
        Estimate: {
            tenantId: string;
            subscriptionId: string | null;
            period: string;
            currency: string;
            /** @enum {string} */
            status: "rated" | "missing_exchange_rate";
            /** @description missing_exchange_rate: the currency without a rate */
            missingCurrency: string | null;
            lines: {
                /** @enum {string} */
                kind: "usage" | "discount" | "item_credit" | "subscription_credit" | "tenant_credit";
                subscriptionId: string | null;
                meterId: string | null;
                sku: string | null;
                /** @description Usage lines: the period quantity in the price unit */
                quantity: string | null;
                priceUnit: ("meter" | "month") | null;
                /** @description Flat rate in the tenant currency (converted, unrounded) */
                rate: string | null;
                tierMode: ("graduated" | "volume") | null;
                slices: {
                    from: string;
                    to: string | null;
                    rate: string;
                    quantity: string;
                    amount: string;
                }[] | null;
                /** @description An amount in the currency, rounded as printed */
                amount: string;
                /** @description No price applies: rated at zero */
                unpriced: boolean;
                priceListId: string | null;
                versionId: string | null;
                description: string | null;
            }[];
            /** @description Sum of the lines (after discounts and credits, before tax) */
            subtotal: string;
            taxes: {
                name: string;
                percentage: string;
                /** @description An amount in the currency, rounded as printed */
                amount: string;
            }[];
            /** @description An amount in the currency, rounded as printed */
            tax: string;
            /** @description An amount in the currency, rounded as printed */
            total: string;
            /** @description Units of the tenant currency per 1 unit of each list currency used */
            exchangeRates: {
                [key: string]: string;
            };
        };
        ExchangeRate: {
            id: string;
            /** @description The platform currency when the rate was set */
            baseCurrency: string;
            currency: string;
            /** @description Exact decimal as a string */
            rate: string;
            effectiveFrom: string;
            /** @description Already in effect (effectiveFrom is now or earlier) */
            effective: boolean;
            /** @description The user who set it */
            createdBy: string | null;
            createdAt: string;
        };
        Health: {
            /** @enum {string} */
            status: "ok";
        };
        HeldPull: {
            /** @description The reported window (UTC hour start) */
            window: string;
            /** @description The subscriber the pull named; null: the whole window */
            subscriberId: string | null;
            recordCount: number;
            pulledAt: string;
            jobId: string | null;
            /** @description Usage rows of closed periods the re-pull would remove or lower */
            changes: number;
            /** @description The first of those changes */
            shown: {
                azsSubscriptionId: string;
                meterId: string;
                resourceUri: string;
                usageStart: string;
                /** @description The closed period (the region's local month, YYYY-MM) */
                period: string;
                /** @description Stored now (exact decimal) */
                oldQuantity: string;
                /** @description What the re-pull brought (exact decimal) */
                newQuantity: string;
            }[];
        };
        /** @description A tenant's last identity health check (product.md §4) */
        IdentityCheck: {
            tenantId: string;
            /**
             * @description never_checked: no check has run for this tenant yet (problems and notes are empty)
             * @enum {string}
             */
            status: "ok" | "problems" | "never_checked";
            problems: {
                /**
                 * @description directory_mismatch: a subscription's directory on its region differs from the tenant's; directory_unresolved: the tenant's directory is a domain that cannot be compared offline with the region's directory ids; identity_provider_unreachable: the tenant's sign-in mapping's discovery does not answer; no_active_admin: no administrator of the tenant can sign in
                 * @enum {string}
                 */
                kind: "directory_mismatch" | "directory_unresolved" | "identity_provider_unreachable" | "no_active_admin";
                /** @enum {string} */
                severity: "info" | "warning" | "critical";
                message: string;
                /** @description What the problem is about, when not the tenant: a subscription (sub_…) or a mapping (idp_…) */
                subject: string | null;
            }[];
            /** @description What the check skipped and why (not problems) */
            notes: {
                message: string;
                /** @description A subscription (sub_…) when the note is about one */
                subject: string | null;
            }[];
            trigger: ("schedule" | "manual" | "onboarding") | null;
            checkedAt: string | null;
            /** @description Whether problems are raised as alerts: while "Perform Tenant Identity Health Checks" is on. The result is recorded and shown either way. */
            alertsRaised: boolean;
        };
        IdentityProvider: {
            id: string;
            /** @description The organisation it attaches to; it serves the users of that organisation and below */
            orgId: string;
            name: string;
            /**
             * @description entra: Microsoft Entra ID (the issuer follows from entraTenantId); google: Google; oidc: any OpenID Connect provider (give its issuer)
             * @enum {string}
             */
            preset: "entra" | "google" | "oidc";
            issuer: string;
            /** @description The Entra directory's tenant id (a GUID), which sign-in compares with the token's tid; null for other presets */
            entraTenantId: string | null;
            /** @description The domain given as the directory, as typed, when it was given as a domain; null otherwise */
            entraDomain: string | null;
            clientId: string;
            /** @description Whether a client secret is stored; the secret itself is never returned */
            clientSecretSet: boolean;
            allowedDomains: string[];
            /** @description May a first sign-in link to the existing user with the provider's verified e-mail address? */
            linkByEmail: boolean;
            enabled: boolean;
            /** @description The redirect URI to register with the identity provider */
            redirectUri: string;
            createdAt: string;
            updatedAt: string;
        };
        InvitationSent: {
            /** @description When the new link stops working; earlier links already have */
            expiresAt: string;
            /**
             * @description email: the link is in the outbox; link: e-mail is off, the link is in `activationLink`
             * @enum {string}
             */
            delivery: "email" | "link";
            /** @description The one-time activation link (e-mail is off): hand it to the user, who sets a password with it. Shown only in this response; it works once and expires with the invitation (7 days) */
            activationLink?: string;
            /** @description A new one-time activation code, when the user still had one pending (the old one no longer works) */
            activationCode?: string;
        };
        Invoice: {
            id: string;
            /**
             * @description credit_note: a credit note (an invoice whose total was negative, or one against an invoice)
             * @enum {string}
             */
            kind: "invoice" | "credit_note" | "statement";
            /** @enum {string} */
            status: "preview" | "issued" | "paid" | "void";
            /** @description null on previews */
            number: string | null;
            period: string;
            tenantId: string;
            /** @description The tenant's partner at the start of the period (viewers above it) */
            partnerId?: string;
            partnerName?: string | null;
            /** @description Platform users only */
            distributorId?: string;
            distributorName?: string | null;
            currency: string;
            exchangeRates: {
                /** @description The price list currency */
                base: string;
                /** @description The tenant's currency */
                quote: string;
                /** @description Units of quote per unit of base */
                rate: string;
            }[];
            /** @description Platform Time Zone */
            issueDate: string | null;
            /** @description Platform Time Zone; null for credit notes and statements */
            dueDate: string | null;
            paymentTermsDays: number | null;
            /** @description Exact decimal as a string */
            subtotal: string;
            /** @description Exact decimal as a string */
            taxTotal: string;
            /** @description What the tenant owes; negative on credit notes */
            total: string;
            /** @description Exact decimal as a string */
            amountPaid: string;
            /** @description The issued credit notes against it (negative) */
            amountCredited: string;
            /** @description total + amountCredited − amountPaid (invoices; 0 for the others) */
            amountDue: string;
            /** @description Derived: issued, something due, and the due date has passed */
            overdue: boolean;
            /** @description Derived: issued, paid in part */
            partiallyPaid: boolean;
            /** @description Usage lines without a price (rated at zero) */
            unpricedLines: number;
            /** @description A credit note: the invoice it credits */
            creditsInvoiceId: string | null;
            reason: string | null;
            /** @description Each region's local month the invoice covers */
            coverage: {
                /** @description Platform users only */
                regionId: string | null;
                regionName: string;
                timeZone: string;
                /** @description Start of the region's local month (UTC) */
                from: string;
                /** @description End of the region's local month (UTC) */
                to: string;
            }[];
            billTo: {
                name: string;
                contactName: string | null;
                email: string | null;
                addressLines: string[];
            };
            generatedAt: string;
            issuedAt: string | null;
            voidedAt: string | null;
            /** @description When the last overdue-payment notice went (Send Delinquent Payment Notifications) */
            lastDelinquencyNoticeAt: string | null;
            createdAt: string;
            updatedAt: string;
        };
        InvoiceDetail: {
            id: string;
            /**
             * @description credit_note: a credit note (an invoice whose total was negative, or one against an invoice)
             * @enum {string}
             */
            kind: "invoice" | "credit_note" | "statement";
            /** @enum {string} */
            status: "preview" | "issued" | "paid" | "void";
            /** @description null on previews */
            number: string | null;
            period: string;
            tenantId: string;
            /** @description The tenant's partner at the start of the period (viewers above it) */
            partnerId?: string;
            partnerName?: string | null;
            /** @description Platform users only */
            distributorId?: string;
            distributorName?: string | null;
            currency: string;
            exchangeRates: {
                /** @description The price list currency */
                base: string;
                /** @description The tenant's currency */
                quote: string;
                /** @description Units of quote per unit of base */
                rate: string;
            }[];
            /** @description Platform Time Zone */
            issueDate: string | null;
            /** @description Platform Time Zone; null for credit notes and statements */
            dueDate: string | null;
            paymentTermsDays: number | null;
            /** @description Exact decimal as a string */
            subtotal: string;
            /** @description Exact decimal as a string */
            taxTotal: string;
            /** @description What the tenant owes; negative on credit notes */
            total: string;
            /** @description Exact decimal as a string */
            amountPaid: string;
            /** @description The issued credit notes against it (negative) */
            amountCredited: string;
            /** @description total + amountCredited − amountPaid (invoices; 0 for the others) */
            amountDue: string;
            /** @description Derived: issued, something due, and the due date has passed */
            overdue: boolean;
            /** @description Derived: issued, paid in part */
            partiallyPaid: boolean;
            /** @description Usage lines without a price (rated at zero) */
            unpricedLines: number;
            /** @description A credit note: the invoice it credits */
            creditsInvoiceId: string | null;
            reason: string | null;
            /** @description Each region's local month the invoice covers */
            coverage: {
                /** @description Platform users only */
                regionId: string | null;
                regionName: string;
                timeZone: string;
                /** @description Start of the region's local month (UTC) */
                from: string;
                /** @description End of the region's local month (UTC) */
                to: string;
            }[];
            billTo: {
                name: string;
                contactName: string | null;
                email: string | null;
                addressLines: string[];
            };
            generatedAt: string;
            issuedAt: string | null;
            voidedAt: string | null;
            /** @description When the last overdue-payment notice went (Send Delinquent Payment Notifications) */
            lastDelinquencyNoticeAt: string | null;
            createdAt: string;
            updatedAt: string;
            lines: {
                id: string;
                position: number;
                /** @enum {string} */
                kind: "usage" | "discount" | "credit" | "adjustment";
                /** @enum {string} */
                sourceKind: "usage" | "discount" | "item_credit" | "subscription_credit" | "tenant_credit";
                parentPosition: number | null;
                subscriptionId: string | null;
                subscriptionName: string | null;
                meterId: string | null;
                meterName: string | null;
                sku: string | null;
                unit: string | null;
                rawQuantity: string | null;
                quantity: string | null;
                /** @description Flat rate in the invoice's currency (null when tiered) */
                unitRate: string | null;
                tierMode: ("graduated" | "volume") | null;
                tiers: {
                    /** @description Exact decimal as a string */
                    from: string;
                    to: string | null;
                    /** @description Exact decimal as a string */
                    quantity: string;
                    /** @description Exact decimal as a string */
                    rate: string;
                    /** @description Exact decimal as a string */
                    amount: string;
                }[];
                /** @description Exact decimal as a string */
                amount: string;
                unpriced: boolean;
                description: string;
                /** @description Prior-period adjustments: the period they correct */
                originalPeriod: string | null;
                /** @description Credit-note lines: the invoice line they credit */
                creditedLineId: string | null;
            }[];
            taxLines: {
                name: string;
                /** @description Exact decimal as a string */
                percentage: string;
                /** @description Exact decimal as a string */
                base: string;
                /** @description Exact decimal as a string */
                amount: string;
            }[];
            /** @description Platform users only: the copy in the Azure Blob container ("Store Invoices In Azure Storage"); null when none was asked for. Never a URL: the container is private. */
            storage?: {
                /** @enum {string} */
                status: "pending" | "uploaded" | "failed";
                /** @description Why the last attempt failed, in the operator's words */
                lastError: string | null;
            } | null;
        };
        InvoiceEmailQueued: {
            /** @description Messages queued: one per recipient */
            queued: number;
            /** @description Their e-mail log entries */
            emailIds: string[];
        };
        InvoiceGeneration: {
            /** @description The job: follow it with GET /api/v1/jobs/{id} */
            id: string;
            /** @enum {string} */
            status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
            /** @description false: the same generation was already queued or running, and this is it */
            created: boolean;
            period: string;
        };
        InvoiceIssueJob: {
            /** @description The job: follow it with GET /api/v1/jobs/{id} */
            id: string;
            /** @enum {string} */
            status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
            /** @description false: the same issue was already queued or running, and this is it */
            created: boolean;
            period: string;
        };
        InvoicePayment: {
            id: string;
            invoiceId: string;
            /** @description Exact decimal as a string */
            amount: string;
            paidOn: string;
            reference: string | null;
            createdAt: string;
        };
        InvoiceVoided: {
            invoice: components["schemas"]["InvoiceDetail"];
            creditNote: components["schemas"]["InvoiceDetail"] | null;
        };
        Job: {
            id: string;
            type: string;
            /**
             * @description queued (waiting for its first run or a retry), running, succeeded, failed (for good), cancelled
             * @enum {string}
             */
            status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
            /** @description What the job works on: ids and times */
            payload: {
                [key: string]: unknown;
            };
            /** @description done of total steps as the job last reported; null before it reports any */
            progress: {
                done: number;
                total: number;
                message: string | null;
            } | null;
            /** @description Attempts started (a retry through the API starts counting again) */
            attempts: number;
            maxAttempts: number;
            /** @description While queued: when it runs (first run or next retry) */
            nextAttemptAt: string | null;
            /** @description While running: until when its worker holds it without a heartbeat */
            leaseUntil: string | null;
            /** @description The last failed attempt's error */
            lastError: string | null;
            /** @description Who asked for the job */
            requestedBy: {
                /**
                 * @description provider: someone above your level; system: a schedule
                 * @enum {string}
                 */
                kind: "user" | "system" | "provider";
                userId: string | null;
            };
            dedupeKey: string | null;
            /** @description The organisation the job concerns (the platform for region and system jobs) */
            orgId: string;
            subscriptionId: string | null;
            regionId: string | null;
            /** @description The schedule that queued it, if one did */
            scheduleKey: string | null;
            /** @description UTC ISO-8601 timestamp */
            createdAt: string;
            /** @description When the latest attempt started */
            startedAt: string | null;
            finishedAt: string | null;
            /** @description UTC ISO-8601 timestamp */
            updatedAt: string;
        };
        LinkedIdentity: {
            id: string;
            /** @description The provider that vouches for the identity */
            issuer: string;
            /** @description The provider's stable id of the person (`sub`) */
            subject: string;
            /** @description The mapping the identity was linked through; null when it is outside your scope */
            providerId: string | null;
            /** @description That mapping’s name; null when the mapping was deleted */
            providerName: string | null;
            linkedAt: string;
            /** @description The last sign-in through this identity; null for links made before this was recorded */
            lastUsedAt: string | null;
        };
        LinkedIdentityList: {
            items: components["schemas"]["LinkedIdentity"][];
        };
        Logo: {
            /** @description Cacheable: a new upload gets a new URL */
            url: string;
            /** @enum {string} */
            contentType: "image/png" | "image/jpeg" | "image/webp";
            byteSize: number;
        };
        LogoUploadInput: {
            /**
             * @description Checked against the image itself; SVG is not accepted
             * @enum {string}
             */
            contentType: "image/png" | "image/jpeg" | "image/webp";
            /** @description The image, base64-encoded (at most 256 kB decoded) */
            data: string;
        };
        Me: {
            user: components["schemas"]["User"];
            organisation: {
                id: string;
                /** @enum {string} */
                kind: "platform" | "distributor" | "partner" | "tenant";
                name: string;
            };
            /** @description Level and role, e.g. partner_admin */
            roleKey: string;
            /** @enum {string} */
            authenticatedBy: "session" | "token";
            /**
             * @description The sign-in step still to do; only `active` sessions reach the rest of the API
             * @enum {string}
             */
            stage: "active" | "mfa" | "password_change" | "mfa_enrolment";
            /** @description Operation id → may this caller use it */
            permissions: {
                [key: string]: boolean;
            };
            /** @description users.create accepts `initialPassword` (Require User Activation is off); otherwise new users set their password through the invitation link */
            initialPasswordAllowed: boolean;
            /** @description The Platform Time Zone setting (IANA name): the portal takes the current month and today from it */
            platformTimeZone: string;
        };
        Meter: {
            /** @description 'azure-stack', or the import source's region id */
            catalog: string;
            /** @description Normalised: lower case; a GUID without dashes or braces */
            meterId: string;
            name: string;
            unit: string;
            category: string | null;
            /** @description Collected and shown, never priced, never flagged as unpriced */
            informational: boolean;
            /** @description Reported as a fraction of the UTC month, stored in hours */
            monthFraction: boolean;
            deprecated: boolean;
            /** @enum {string} */
            source: "seed" | "api";
            createdAt: string;
            updatedAt: string;
        };
        MfaEnrolled: {
            /**
             * @description The sign-in step still to do; only `active` sessions reach the rest of the API
             * @enum {string}
             */
            stage: "active" | "mfa" | "password_change" | "mfa_enrolment";
            /** @description Single-use codes for when the authenticator is lost: shown this once, stored hashed */
            recoveryCodes: string[];
        };
        MfaEnrolment: {
            /** @description The new TOTP secret (base32), for typing into an app that cannot scan */
            secret: string;
            /** @description otpauth://totp/… URI holding the secret, issuer and account */
            otpauthUri: string;
            /** @description The URI as a QR code, an SVG document */
            qrSvg: string;
        };
        MfaRecoveryCodes: {
            /** @description The new codes, shown this once; every older code is void */
            recoveryCodes: string[];
        };
        MfaVerified: {
            /**
             * @description The sign-in step still to do; only `active` sessions reach the rest of the API
             * @enum {string}
             */
            stage: "active" | "mfa" | "password_change" | "mfa_enrolment";
            /** @description Unused recovery codes left after this one */
            recoveryCodesRemaining: number;
        };
        Offer: {
            id: string;
            region: {
                id: string;
                name: string | null;
            };
            resourceGroup: string;
            name: string;
            /** @description The full ARM id on the region; null below the platform */
            armId: string | null;
            displayName: string;
            description: string | null;
            /**
             * @description The offer's state on the region
             * @enum {string}
             */
            regionState: "Private" | "Public" | "Decommissioned";
            /**
             * @description The CMS publishing: private (platform users only), public (offered to the chosen audience), decommissioned (takes no new subscriptions; existing ones are untouched)
             * @enum {string}
             */
            publication: "private" | "public" | "decommissioned";
            /**
             * @description all: every branch; chosen: the organisations in visibleTo and their branches
             * @enum {string}
             */
            visibility: "all" | "chosen";
            /** @description The organisations it is published to (visibility chosen), those the viewer may see */
            visibleTo: {
                id: string;
                /** @enum {string} */
                kind: "distributor" | "partner" | "tenant";
                name: string;
            }[];
            basePlans: {
                id: string;
                name: string;
                displayName: string;
                description: string | null;
                regionDeleted: boolean;
            }[];
            addonPlans: {
                id: string;
                name: string;
                displayName: string;
                description: string | null;
                regionDeleted: boolean;
                /** @description How often one subscription may acquire it; null: no limit given */
                maxAcquisitionCount: number | null;
            }[];
            /** @description As the region counts them; null below the platform */
            subscriptionCount: number | null;
            /** @description When the row last matched the region (a sync or a write through) */
            syncedAt: string | null;
            /** @description Set once the region no longer has it (kept: subscriptions and history point at it) */
            regionDeletedAt: string | null;
            createdAt: string;
            updatedAt: string;
        };
        OfferSync: {
            /** @description The job: follow it with GET /api/v1/jobs/{id} */
            id: string;
            /** @enum {string} */
            status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
            /** @description false: a sync of the region was already queued or running, and this is it */
            created: boolean;
        };
        Overview: {
            /** @description How many the caller can see of each kind; null where the caller may not list them */
            counts: {
                distributors: number | null;
                partners: number | null;
                tenants: number | null;
                subscriptions: number | null;
                users: number | null;
            };
            /** @description The caller's subscriptions by status; null where the caller may not list them */
            subscriptionsByStatus: {
                active: number;
                suspended: number;
                cancelled: number;
            } | null;
            /** @description The unresolved alerts the caller can see; null where the caller may not list alerts */
            alerts: {
                /** @description Unresolved alerts nobody has acknowledged */
                open: number;
                /** @description Unresolved alerts someone has acknowledged */
                acknowledged: number;
                /** @description Of the open ones, how many are critical */
                openCritical: number;
            } | null;
        };
        Partner: {
            id: string;
            name: string;
            contact: {
                name: string | null;
                email: string | null;
                phone: string | null;
            };
            billingContact: {
                name: string | null;
                email: string | null;
                phone: string | null;
            };
            address: {
                line1: string | null;
                line2: string | null;
                city: string | null;
                region: string | null;
                postalCode: string | null;
                country: string | null;
            };
            currency: string;
            createdAt: string;
            updatedAt: string;
            /** @description Present on single-object responses */
            administrators?: {
                id: string;
                email: string;
                firstName: string | null;
                lastName: string | null;
                /**
                 * @description Only for administrators created by this request
                 * @enum {string}
                 */
                invitation?: "queued" | "link" | "not_needed";
                /** @description The one-time activation code (Require User Activation Code): hand it over out of band; it is required at first sign-in and shown only in this response */
                activationCode?: string;
                /** @description The one-time activation link (e-mail is off): hand it to the user, who sets a password with it. Shown only in this response; it works once and expires with the invitation (7 days) */
                activationLink?: string;
            }[];
            /** @description Shown to platform staff */
            distributorId?: string;
            /** @description With distributorId, on single-object responses */
            distributorName?: string;
        };
        PasswordResetAccepted: {
            /** @description What happens next, to show the person asking */
            message: string;
            /**
             * @description email: an account that can reset its password gets the link by e-mail; administrator: e-mail is off on this portal, so nothing is sent and an administrator has to issue a reset link. Says nothing about whether the address has an account
             * @enum {string}
             */
            delivery: "email" | "administrator";
        };
        PasswordResetResult: {
            /** @description The account whose password changed: sign in with it */
            email: string;
        };
        PasswordResetSent: {
            /** @description When the new link stops working; earlier reset links already have */
            expiresAt: string;
            /**
             * @description email: the link is in the outbox; link: e-mail is off, the link is in `passwordResetLink`
             * @enum {string}
             */
            delivery: "email" | "link";
            /** @description The one-time password-reset link (e-mail is off): hand it to the user, who chooses a new password with it. Shown only in this response; it works once and expires (60 minutes) */
            passwordResetLink?: string;
        };
        Plan: {
            id: string;
            region: {
                id: string;
                name: string | null;
            };
            resourceGroup: string;
            name: string;
            armId: string | null;
            displayName: string;
            description: string | null;
            quotas: {
                /** @description The CMS quota; null when the region names a quota the CMS has not synced */
                id: string | null;
                provider: string;
                location: string;
                name: string;
            }[];
            /** @description As the region counts them */
            subscriptionCount: number;
            /** @description When the row last matched the region (a sync or a write through) */
            syncedAt: string | null;
            /** @description Set once the region no longer has it (kept: subscriptions and history point at it) */
            regionDeletedAt: string | null;
            createdAt: string;
            updatedAt: string;
        };
        PlatformSubscriptions: {
            regionId: string;
            items: {
                azsSubscriptionId: string;
                displayName: string | null;
                owner: string | null;
                directoryTenant: string | null;
                offerId: string | null;
                /** @description Enabled, Warned, PastDue, Disabled, Deleted */
                state: string | null;
                /** @description The operator's own (Default Provider, Metering, Consumption) */
                isOperator: boolean;
                /** @description Operator subscriptions are never linked, created or billed */
                linkable: boolean;
                seenInAdminApi: boolean;
                seenInUsage: boolean;
                firstSeenAt: string;
                lastSeenAt: string;
            }[];
        };
        PriceImportResult: {
            dryRun: boolean;
            /** @description The changes were written (dryRun false and no errors) */
            applied: boolean;
            /** @description Data rows read */
            rows: number;
            /** @description Rows that change nothing */
            unchanged: number;
            changes: {
                /** @description CSV line (the header is line 1) */
                line: number;
                itemId: string;
                meterId: string;
                sku: string;
                /** @enum {string} */
                field: "priceUnit" | "pricing" | "rate" | "tiers" | "description";
                old: string | null;
                new: string | null;
            }[];
            /** @description Any error: nothing is written */
            errors: {
                /** @description CSV line (the header is line 1; 0: the file) */
                line: number;
                column: string | null;
                message: string;
            }[];
        };
        PriceIncreaseApplied: {
            versions: {
                priceListId: string;
                versionId: string;
                version: number;
                /** @enum {string} */
                state: "draft" | "active" | "superseded";
                effectiveFrom: string;
                sourceVersionId: string;
                items: number;
            }[];
        };
        PriceIncreaseModel: {
            period: string;
            /** @enum {string} */
            increaseType: "percentage" | "fixed";
            amount: string;
            /** @description The price lists the increase changes, each with its source version */
            lists: {
                priceListId: string;
                displayName: string;
                /** @enum {string} */
                scopeType: "region" | "tenant" | "subscription";
                currency: string;
                sourceVersionId: string;
                sourceVersion: number;
                /** @description Items whose rates the increase changes */
                items: number;
            }[];
            /** @description Per meter (and SKU) and currency, over every tenant */
            meters: {
                meterId: string;
                sku: string | null;
                currency: string;
                /** @description Sum of the period quantities (price unit) over the tenants */
                quantity: string;
                /** @description Gross usage lines at current prices */
                oldAmount: string;
                /** @description Gross usage lines at the increased prices */
                newAmount: string;
                /** @description An amount in the currency, rounded as printed */
                difference: string;
            }[];
            /** @description Every tenant whose usage in the period the lists price */
            tenants: {
                tenantId: string;
                name: string;
                currency: string;
                /**
                 * @description missing_exchange_rate: a needed rate is missing, nothing could be rated
                 * @enum {string}
                 */
                status: "rated" | "missing_exchange_rate";
                /** @description Subtotal at current prices (after discounts and credits, before tax) */
                oldSubtotal: string;
                /** @description Subtotal at the increased prices */
                newSubtotal: string;
                /** @description An amount in the currency, rounded as printed */
                difference: string;
            }[];
            /** @description Per currency */
            totals: {
                currency: string;
                /** @description Sum of the gross usage lines */
                oldUsage: string;
                /** @description An amount in the currency, rounded as printed */
                newUsage: string;
                /** @description Sum of the tenant subtotals */
                oldSubtotal: string;
                /** @description An amount in the currency, rounded as printed */
                newSubtotal: string;
                /** @description newSubtotal − oldSubtotal */
                difference: string;
            }[];
        };
        PriceItem: {
            id: string;
            versionId: string;
            meterId: string;
            /** @description From the meter catalog; null if the meter is gone */
            meterName: string | null;
            meterUnit: string | null;
            /** @description '' for a meter-wide item */
            sku: string;
            /**
             * @description meter: the meter's own unit; month: per month, for a meter metered in hours
             * @enum {string}
             */
            priceUnit: "meter" | "month";
            /**
             * @description flat: one rate; graduated or volume: tiers (semantics.md "Tiers")
             * @enum {string}
             */
            pricing: "flat" | "graduated" | "volume";
            /** @description Flat items; null on tiered items */
            rate: string | null;
            /** @description Tiered items; empty on flat items */
            tiers: components["schemas"]["PriceTier"][];
            description: string | null;
            createdAt: string;
            updatedAt: string;
        };
        PriceList: {
            id: string;
            /**
             * @description region: every subscription on the region; tenant: its subscriptions; subscription: an override
             * @enum {string}
             */
            scopeType: "region" | "tenant" | "subscription";
            regionId: string | null;
            tenantId: string | null;
            subscriptionId: string | null;
            /** @description The name of the region, tenant or subscription */
            scopeName: string | null;
            displayName: string;
            description: string | null;
            currency: string;
            /** @description The active version; null while none was activated */
            activeVersion: {
                id: string;
                version: number;
                effectiveFrom: string;
            } | null;
            createdAt: string;
            updatedAt: string;
            /** @description Newest first */
            versions: components["schemas"]["PriceListVersionSummary"][];
        };
        PriceListActivation: {
            version: components["schemas"]["PriceListVersionSummary"];
            /** @description The version that was active before */
            superseded: components["schemas"]["PriceListVersionSummary"] | null;
        };
        PriceListSummary: {
            id: string;
            /**
             * @description region: every subscription on the region; tenant: its subscriptions; subscription: an override
             * @enum {string}
             */
            scopeType: "region" | "tenant" | "subscription";
            regionId: string | null;
            tenantId: string | null;
            subscriptionId: string | null;
            /** @description The name of the region, tenant or subscription */
            scopeName: string | null;
            displayName: string;
            description: string | null;
            currency: string;
            /** @description The active version; null while none was activated */
            activeVersion: {
                id: string;
                version: number;
                effectiveFrom: string;
            } | null;
            createdAt: string;
            updatedAt: string;
        };
        PriceListVersion: {
            id: string;
            priceListId: string;
            version: number;
            /** @enum {string} */
            state: "draft" | "active" | "superseded";
            /** @description The first month it rates, 'YYYY-MM' */
            effectiveFrom: string;
            notes: string | null;
            activatedAt: string | null;
            supersededAt: string | null;
            itemCount: number;
            /** @description Its items can change in place: a draft, or an activated version no closed period used (else make a new version) */
            editable: boolean;
            createdAt: string;
            updatedAt: string;
            priceList: {
                id: string;
                displayName: string;
                /**
                 * @description region: every subscription on the region; tenant: its subscriptions; subscription: an override
                 * @enum {string}
                 */
                scopeType: "region" | "tenant" | "subscription";
                currency: string;
                /** @description The meter catalogs its items may name (GET /api/v1/meters?catalog=…); null: any catalog */
                catalogs: string[] | null;
            };
            /** @description By meter id, then SKU */
            items: components["schemas"]["PriceItem"][];
        };
        PriceListVersionSummary: {
            id: string;
            priceListId: string;
            version: number;
            /** @enum {string} */
            state: "draft" | "active" | "superseded";
            /** @description The first month it rates, 'YYYY-MM' */
            effectiveFrom: string;
            notes: string | null;
            activatedAt: string | null;
            supersededAt: string | null;
            itemCount: number;
            /** @description Its items can change in place: a draft, or an activated version no closed period used (else make a new version) */
            editable: boolean;
            createdAt: string;
            updatedAt: string;
        };
        PriceTier: {
            /** @description Quantities greater than this… */
            from: string;
            /** @description …up to and including this (null: open-ended, the last tier) */
            to: string | null;
            rate: string;
        };
        /** @description RFC 9457 problem details */
        Problem: {
            type: string;
            title: string;
            status: number;
            detail: string;
            /** @enum {string} */
            code: "validation_failed" | "malformed_json" | "invalid_request" | "unauthenticated" | "csrf_failed" | "sign_in_incomplete" | "activation_code_required" | "mfa_invalid" | "forbidden" | "not_found" | "method_not_allowed" | "conflict" | "has_dependents" | "idempotency_conflict" | "payload_too_large" | "request_timeout" | "headers_too_large" | "unsupported_media_type" | "rate_limited" | "internal_error" | "not_ready" | "region_unavailable" | "busy";
            instance: string;
            requestId: string;
            /** @description The first offending field, e.g. body.name */
            field?: string;
            errors?: {
                field: string;
                message: string;
                /** @description A refused file: the row at fault (0: the file as a whole) */
                row?: number;
                /** @description A refused file: the column at fault */
                column?: string;
            }[];
        };
        Quota: {
            id: string;
            region: {
                id: string;
                name: string | null;
            };
            provider: string;
            location: string;
            name: string;
            /** @description The full ARM id on the region; null while its provider subscription is unknown */
            armId: string | null;
            limits: {
                [key: string]: number;
            };
            /** @description When the row last matched the region (a sync or a write through) */
            syncedAt: string | null;
            /** @description Set once the region no longer has it (kept: subscriptions and history point at it) */
            regionDeletedAt: string | null;
            createdAt: string;
            updatedAt: string;
        };
        RecalculateJob: {
            id: string;
            status: string;
            /** @description false: a queued rating of the same scope will do it */
            created: boolean;
        };
        ReconciliationReport: {
            /** @example 2024-03 */
            period: string;
            tenants: {
                tenantId: string;
                tenantName: string;
                currency: string;
                /** @enum {string} */
                rating: "rated" | "missing_exchange_rate" | "not_rated";
                ratedAt: string | null;
                /** @description The period's own invoice (any status); null: none */
                invoiceId: string | null;
                invoiceNumber: string | null;
                invoiceKind: ("invoice" | "credit_note" | "statement") | null;
                /** @description Only issued and paid invoices count as invoiced */
                invoiceStatus: ("preview" | "issued" | "paid" | "void") | null;
            }[];
            rows: {
                tenantId: string;
                tenantName: string;
                /**
                 * @description meter: a subscription and meter (SKUs summed); the credits of a subscription or the tenant
                 * @enum {string}
                 */
                kind: "meter" | "subscription_credit" | "tenant_credit";
                subscriptionId: string | null;
                subscriptionName: string | null;
                meterId: string | null;
                meterName: string | null;
                /** @description The meter's unit (hours for month-fraction meters) */
                unit: string | null;
                /** @description Usage collected for the period, as rating reads it */
                usageQuantity: string | null;
                /** @description Quantity of the rated usage lines */
                ratedQuantity: string | null;
                /** @description Quantity on the period's issued invoice plus prior-period adjustments for it */
                invoicedQuantity: string | null;
                currency: string;
                /** @description Rated usage with its discounts and item credits (or the credit) */
                ratedAmount: string;
                /** @description The issued invoice's lines plus prior-period adjustments for it */
                invoicedAmount: string;
                /** @description The part of invoicedAmount billed by adjustments on later invoices */
                adjustedAmount: string;
                /** @description Credit notes against those lines (negative) */
                creditedAmount: string;
                /** @description invoicedAmount + creditedAmount */
                netInvoicedAmount: string;
                /** @description Exact, in the row's unit; null on credit rows */
                usageMinusRated: string | null;
                /** @description Exact, in the row's unit; null on credit rows */
                usageMinusInvoiced: string | null;
                /** @description Exact decimal as a string, in the currency's minor unit */
                ratedMinusInvoiced: string;
                /**
                 * @description docs/reports.md defines each
                 * @enum {string}
                 */
                status: "matched" | "adjusted" | "not_rated" | "unpriced" | "not_invoiced" | "differs";
            }[];
            totals: {
                currency: string;
                tenants: number;
                rows: number;
                /** @description Exact decimal as a string, in the currency's minor unit */
                ratedAmount: string;
                /** @description Exact decimal as a string, in the currency's minor unit */
                invoicedAmount: string;
                /** @description Exact decimal as a string, in the currency's minor unit */
                adjustedAmount: string;
                /** @description Exact decimal as a string, in the currency's minor unit */
                creditedAmount: string;
                /** @description Exact decimal as a string, in the currency's minor unit */
                netInvoicedAmount: string;
                /** @description Exact decimal as a string, in the currency's minor unit */
                ratedMinusInvoiced: string;
            }[];
        };
        Region: {
            id: string;
            /**
             * @description azure_stack: an Azure Stack Hub stamp whose usage the CMS collects; import: a hybrid source fed by files and the API
             * @enum {string}
             */
            kind: "azure_stack" | "import";
            name: string;
            description: string | null;
            /** @description null on import sources */
            armEndpoint: string | null;
            /** @description Discovered from the metadata endpoint when saved; null on import sources */
            identitySystem: ("entra" | "adfs") | null;
            directoryTenant: string | null;
            clientId: string | null;
            /** @description Whether a client secret is stored; the secret itself is never returned */
            clientSecretSet: boolean;
            providerSubscriptionId: string | null;
            timeZone: string;
            /** @description The region has usage: its time zone can no longer change (its local days are fixed) */
            timeZoneLocked: boolean;
            /** @description null on import sources */
            collectionWindowHours: number | null;
            /** @description null on import sources */
            schedule: string | null;
            /** @description Collected on its schedule; always false on import sources */
            enabled: boolean;
            lastRunAt: string | null;
            lastSuccessAt: string | null;
            lastError: string | null;
            lastErrorAt: string | null;
            createdAt: string;
            updatedAt: string;
        };
        RegionConnectionTest: {
            /** @description Every step succeeded */
            ok: boolean;
            /** @description What the metadata endpoint announced; null if it failed */
            identitySystem: ("entra" | "adfs") | null;
            /** @description The provider subscription used (given or discovered); null if it could not be found */
            providerSubscriptionId: string | null;
            steps: {
                /**
                 * @description metadata: the anonymous metadata endpoint; token: a token for the service principal; usage: the provider usage API; admin: the subscriptions admin API
                 * @enum {string}
                 */
                step: "metadata" | "token" | "usage" | "admin";
                /**
                 * @description skipped: an earlier step failed
                 * @enum {string}
                 */
                status: "ok" | "error" | "skipped";
                /** @description What happened, in words for the operator */
                message: string;
            }[];
        };
        RegionHealth: {
            regionId: string;
            /**
             * @description azure_stack: an Azure Stack Hub stamp whose usage the CMS collects; import: a hybrid source fed by files and the API
             * @enum {string}
             */
            kind: "azure_stack" | "import";
            enabled: boolean;
            lastRunAt: string | null;
            lastSuccessAt: string | null;
            lastError: string | null;
            lastErrorAt: string | null;
            /** @description The next scheduled collection; null when none is scheduled */
            nextRunAt: string | null;
            failedJobs: {
                /** @description Failed jobs of the region's collection */
                count: number;
                latest: {
                    id: string;
                    failedAt: string | null;
                    error: string | null;
                }[];
            };
            usage: {
                /** @description Azure Stack subscriptions with unassigned usage */
                unassignedSubscriptions: number;
                /** @description Hourly records per local day, the last 14 days (today last) */
                recordsPerDay: {
                    /**
                     * Format: date
                     * @example 2024-03-01
                     */
                    day: string;
                    records: number;
                }[];
            };
        };
        SessionInfo: {
            /** @description false without a valid session cookie or API token; the other fields are then null */
            signedIn: boolean;
            /** @description Send as X-CSRF-Token on every write made with the session cookie; null for API tokens */
            csrfToken: string | null;
            stage: ("active" | "mfa" | "password_change" | "mfa_enrolment") | null;
            authenticatedBy: ("session" | "token") | null;
            /** @description The caller, as `GET /api/v1/me` describes it */
            me: components["schemas"]["Me"] | null;
        };
        Settings: {
            groups: {
                id: string;
                label: string;
                settings: {
                    key: string;
                    label: string;
                    description: string;
                    /**
                     * @description colour: a string "#rrggbb"; the other types by their names
                     * @enum {string}
                     */
                    type: "boolean" | "colour" | "currency" | "decimal" | "integer" | "string" | "secret" | "image";
                    /** @description For a secret: "********" when set, "" when not; never the value. For an image: its logo id (served at /api/v1/branding/logos/{id}), "" when none; change it with { "contentType": "image/png" or "image/jpeg", "data": base64 }, "" to remove it, the id to keep it */
                    value: boolean | string | number;
                    defaultValue: boolean | string | number;
                    options?: string[];
                    /**
                     * @description The value is the id of a live object of this kind, or "" for none
                     * @enum {string}
                     */
                    references?: "tenant" | "taxProfile";
                    updatedAt: string | null;
                }[];
            }[];
        };
        SignInOptions: {
            items: {
                id: string;
                name: string;
                /**
                 * @description entra: Microsoft Entra ID (the issuer follows from entraTenantId); google: Google; oidc: any OpenID Connect provider (give its issuer)
                 * @enum {string}
                 */
                preset: "entra" | "google" | "oidc";
            }[];
        };
        SignInResult: {
            /** @description Send as X-CSRF-Token on every write made with the session cookie */
            csrfToken: string;
            me: components["schemas"]["Me"];
        };
        StageResult: {
            /**
             * @description The sign-in step still to do; only `active` sessions reach the rest of the API
             * @enum {string}
             */
            stage: "active" | "mfa" | "password_change" | "mfa_enrolment";
        };
        StorageConnectionTest: {
            /** @description Every step succeeded */
            ok: boolean;
            /** @description The container tested; null when the settings name none */
            container: string | null;
            steps: {
                /**
                 * @description settings: the saved connection is complete and its key readable; container: reachable and private (created private when missing); write, read, delete: a small probe blob
                 * @enum {string}
                 */
                step: "settings" | "container" | "write" | "read" | "delete";
                /**
                 * @description skipped: an earlier step failed (the delete still runs when the probe was written)
                 * @enum {string}
                 */
                status: "ok" | "error" | "skipped";
                /** @description What happened, in words for the operator */
                message: string;
            }[];
        };
        Subscription: {
            id: string;
            tenantId: string;
            name: string;
            /** @enum {string} */
            status: "active" | "suspended" | "cancelled";
            /** @description Microsoft Entra directory of the subscription */
            directoryId: string | null;
            /** @description Initial owner (UPN or email) */
            initialOwner: string | null;
            /** @description The region it lives on; null until it is placed on one */
            regionId: string | null;
            /** @description That region's name; null when it has none or it was deleted */
            regionName: string | null;
            /** @description Its subscription id on the region (a lower-case GUID); null while not linked */
            azsSubscriptionId: string | null;
            /** @description Usage before this instant stays unassigned; null: billable from its creation */
            billableFrom: string | null;
            /**
             * @description manual: created in the CMS; linked: an existing Azure Stack subscription linked; auto_created: created from a platform subscription
             * @enum {string}
             */
            origin: "manual" | "linked" | "auto_created";
            /** @description The offer it was provisioned from; null when the CMS did not provision it */
            offerId: string | null;
            /**
             * @description not_provisioned: a record the CMS did not create on its region (made by hand, linked or auto-created); provisioning: the region has not confirmed it yet; provisioned: created on its region by the CMS; failed is never listed (a failed subscription is deleted)
             * @enum {string}
             */
            provisioningState: "not_provisioned" | "provisioning" | "provisioned" | "failed";
            /** @description Its state on the region as last read or written: Enabled, Disabled, Deleted, ... */
            regionState: string | null;
            /** @description When it was deleted on its region (the record stays for billing history) */
            regionDeletedAt: string | null;
            createdAt: string;
            updatedAt: string;
        };
        SubscriptionCostToDate: {
            subscriptionId: string;
            /** @example 2024-03 */
            period: string;
            currency: string;
            status: ("rated" | "missing_exchange_rate") | null;
            ratedAt: string | null;
            /** @description Rated amounts after discounts and credits, before tax */
            monthToDate: string | null;
            /** @description Projected month-end cost (null: no fully collected day yet) */
            projected: string | null;
            /** @description Fully collected local days the projection extends */
            daysBasedOn: number;
            /** @description A currency without an exchange rate */
            missingExchangeRate: string | null;
        };
        SubscriptionQuotas: {
            subscriptionId: string;
            offer: {
                id: string;
                name: string;
                displayName: string;
            } | null;
            /** @description The hour consumption is measured over: the last complete hour with collected usage of the subscription within the last 24 hours; null when there is none (consumption 0) */
            window: {
                start: string;
                end: string;
            } | null;
            /** @description Plan assignments and each plan's quotas */
            plans: {
                planId: string;
                name: string;
                displayName: string;
                /**
                 * @description base: a base plan of the offer; addon: an acquired add-on plan
                 * @enum {string}
                 */
                kind: "base" | "addon";
                /** @description The acquisition on the region (add-on plans) */
                acquisitionId: string | null;
                /** @description The plan is gone from its region (kept for the record) */
                regionDeleted: boolean;
                quotas: {
                    quotaId: string;
                    provider: string;
                    name: string;
                    items: {
                        /** @description The provider's quota property (e.g. coresLimit) */
                        property: string;
                        /** @description What the limit counts (vCPUs, GB, VMs…) */
                        unit: string;
                        /** @description This plan's quota limit (as the region holds it): its share of the effective limit */
                        limit: number;
                    }[];
                }[];
            }[];
            /** @description Quotas versus consumption: one per provider and property, limits summed across the held plans */
            quotas: {
                provider: string;
                /** @description The provider's quota property (e.g. coresLimit) */
                property: string;
                /** @description What the limit and the consumption count (vCPUs, GB, VMs…) */
                unit: string;
                /** @description The effective limit: the limits of every held plan (base plans and each add-on acquisition) that sets this property, summed */
                limit: number;
                /** @description Exact decimal measured over the window; null when untracked */
                consumption: string | null;
                /** @description The normalised meter ids whose usage measures it (empty when untracked) */
                meterIds: string[];
                /** @description No usage meter measures this property */
                untracked: boolean;
                /** @description How it is measured, or why it is untracked */
                explanation: string;
                /** @description The plans whose quotas make up the limit, in the order of `plans` */
                contributions: {
                    planId: string;
                    /** @enum {string} */
                    kind: "base" | "addon";
                    acquisitionId: string | null;
                    quotaId: string;
                    quotaName: string;
                    limit: number;
                }[];
            }[];
        };
        SubscriptionRatedLines: {
            subscriptionId: string;
            /** @example 2024-03 */
            period: string;
            /** @description null: not rated yet */
            status: ("rated" | "missing_exchange_rate") | null;
            ratedAt: string | null;
            currency: string | null;
            /** @description Sum of the lines shown */
            total: string | null;
            lines: {
                position: number;
                /** @enum {string} */
                kind: "usage" | "discount" | "item_credit" | "subscription_credit" | "tenant_credit";
                /** @description The usage line a discount or item credit belongs to */
                parentPosition: number | null;
                subscriptionId: string | null;
                meterId: string | null;
                sku: string | null;
                /** @description Exact period sum in the meter's unit */
                rawQuantity: string | null;
                /** @description Period quantity in the price unit, rounded to 6 places */
                quantity: string | null;
                priceUnit: ("meter" | "month") | null;
                /** @description Flat rate in the tenant's currency (null when tiered or unpriced) */
                rate: string | null;
                tierMode: ("graduated" | "volume") | null;
                /** @description Tier slices of a tiered line */
                slices: {
                    /** @description Exact decimal as a string */
                    from: string;
                    to: string | null;
                    /** @description Exact decimal as a string */
                    rate: string;
                    /** @description Exact decimal as a string */
                    quantity: string;
                    /** @description Exact decimal as a string */
                    amount: string;
                }[] | null;
                /** @description Rounded to the currency's minor unit; negative for discounts and credits */
                amount: string;
                currency: string;
                /** @description No applicable price: rated at zero and alerted */
                unpriced: boolean;
                discountId: string | null;
                creditId: string | null;
                description: string | null;
                /** @description The price list version that priced the line */
                priceList: {
                    /** @description Platform users only */
                    id: string | null;
                    /** @description Platform users only */
                    versionId: string | null;
                    /** @description Platform users only */
                    itemId: string | null;
                    /** @enum {string} */
                    scope: "region" | "tenant" | "subscription";
                    name: string;
                    version: number;
                } | null;
            }[];
        };
        SubscriptionSummary: {
            /**
             * Format: date
             * @example 2024-03-01
             */
            from: string;
            /**
             * Format: date
             * @example 2024-03-01
             */
            to: string;
            /** @description The periods whose billing results are shown: every month the range overlaps */
            periods: string[];
            tenants: {
                tenantId: string;
                tenantName: string;
                currency: string;
                periods: {
                    /** @example 2024-03 */
                    period: string;
                    /** @enum {string} */
                    status: "rated" | "missing_exchange_rate" | "not_rated";
                    ratedAt: string | null;
                    currency: string | null;
                    subtotal: string | null;
                }[];
                rows: {
                    /**
                     * @description meter: usage and billing of a meter (and SKU); the credits of a subscription or the tenant
                     * @enum {string}
                     */
                    kind: "meter" | "subscription_credit" | "tenant_credit";
                    subscriptionId: string | null;
                    subscriptionName: string | null;
                    regionId: string | null;
                    regionName: string | null;
                    meterId: string | null;
                    meterName: string | null;
                    sku: string | null;
                    /** @description Usage of the range's local days in the meter's unit */
                    usageQuantity: string | null;
                    usageUnit: string | null;
                    /** @description Rated quantity of the periods, in the price's unit */
                    ratedQuantity: string | null;
                    ratedUnit: string | null;
                    currency: string | null;
                    gross: string | null;
                    discounts: string | null;
                    credits: string | null;
                    /** @description gross + discounts + credits (discounts and credits are negative) */
                    net: string | null;
                    unpricedLines: number;
                }[];
                totals: {
                    currency: string;
                    /** @description Exact decimal as a string, in the currency's minor unit */
                    gross: string;
                    /** @description Exact decimal as a string, in the currency's minor unit */
                    discounts: string;
                    /** @description Exact decimal as a string, in the currency's minor unit */
                    credits: string;
                    /** @description Exact decimal as a string, in the currency's minor unit */
                    net: string;
                    unpricedLines: number;
                }[];
            }[];
        };
        SubscriptionUsage: {
            subscriptionId: string;
            regionId: string | null;
            azsSubscriptionId: string | null;
            /** @description The region's time zone, whose local days these are */
            timeZone: string | null;
            /** @description Usage before this instant is not the subscription's (unassigned) */
            billableFrom: string;
            /**
             * Format: date
             * @example 2024-03-01
             */
            from: string;
            /**
             * Format: date
             * @example 2024-03-01
             */
            to: string;
            /** @enum {string} */
            groupBy: "day" | "meter";
            items: {
                /**
                 * Format: date
                 * @description The local day (groupBy=day only)
                 * @example 2024-03-01
                 */
                day?: string;
                /** @description Normalised meter id (lower case, no dashes) */
                meterId: string;
                /** @description SKU or VM size; null when the usage has none */
                sku: string | null;
                /** @description From the meter catalog; null for an unknown meter */
                meterName: string | null;
                unit: string | null;
                /** @description Exact decimal as a string */
                quantity: string;
                /** @description Hourly records summed */
                records: number;
                /** @description The meter is not in the catalog: stored, flagged, alerted */
                unknownMeter: boolean;
                /** @description Collected and shown, never priced */
                informational: boolean;
            }[];
        };
        TaxProfile: {
            id: string;
            name: string;
            exempt: boolean;
            /** @description Ordered by name, then effective date */
            rates: {
                id: string;
                name: string;
                /** @description Exact decimal as a string */
                percentage: string;
                /** @description YYYY-MM-DD */
                effectiveFrom: string;
            }[];
            /** @description It is the Default Tax Profile setting */
            isDefault: boolean;
            /** @description Live tenants that have it as their own */
            tenantCount: number;
            createdAt: string;
            updatedAt: string;
        };
        Tenant: {
            id: string;
            name: string;
            contact: {
                name: string | null;
                email: string | null;
                phone: string | null;
            };
            billingContact: {
                name: string | null;
                email: string | null;
                phone: string | null;
            };
            address: {
                line1: string | null;
                line2: string | null;
                city: string | null;
                region: string | null;
                postalCode: string | null;
                country: string | null;
            };
            currency: string;
            createdAt: string;
            updatedAt: string;
            /** @description Present on single-object responses */
            administrators?: {
                id: string;
                email: string;
                firstName: string | null;
                lastName: string | null;
                /**
                 * @description Only for administrators created by this request
                 * @enum {string}
                 */
                invitation?: "queued" | "link" | "not_needed";
                /** @description The one-time activation code (Require User Activation Code): hand it over out of band; it is required at first sign-in and shown only in this response */
                activationCode?: string;
                /** @description The one-time activation link (e-mail is off): hand it to the user, who sets a password with it. Shown only in this response; it works once and expires with the invitation (7 days) */
                activationLink?: string;
            }[];
            /** @description Shown to platform staff */
            distributorId?: string;
            /** @description Shown to distributor and platform staff */
            partnerId?: string;
            /** @description With partnerId, on single-object responses */
            partnerName?: string;
            directoryId: string | null;
            /** @enum {string} */
            billingMode: "chargeback" | "showback";
            paymentTermsDays: number | null;
            /** @description Shown to platform staff; null: the Default Tax Profile setting applies */
            taxProfileId?: string | null;
        };
        TenantCostToDate: {
            tenantId: string;
            /** @example 2024-03 */
            period: string;
            currency: string;
            status: ("rated" | "missing_exchange_rate") | null;
            ratedAt: string | null;
            /** @description Rated amounts after discounts and credits, before tax */
            monthToDate: string | null;
            /** @description Projected month-end cost (null: no fully collected day yet) */
            projected: string | null;
            /** @description Fully collected local days the projection extends */
            daysBasedOn: number;
            /** @description A currency without an exchange rate */
            missingExchangeRate: string | null;
        };
        TenantRatedLines: {
            tenantId: string;
            /** @example 2024-03 */
            period: string;
            /** @description null: not rated yet */
            status: ("rated" | "missing_exchange_rate") | null;
            ratedAt: string | null;
            currency: string | null;
            /** @description Sum of the lines shown */
            total: string | null;
            lines: {
                position: number;
                /** @enum {string} */
                kind: "usage" | "discount" | "item_credit" | "subscription_credit" | "tenant_credit";
                /** @description The usage line a discount or item credit belongs to */
                parentPosition: number | null;
                subscriptionId: string | null;
                meterId: string | null;
                sku: string | null;
                /** @description Exact period sum in the meter's unit */
                rawQuantity: string | null;
                /** @description Period quantity in the price unit, rounded to 6 places */
                quantity: string | null;
                priceUnit: ("meter" | "month") | null;
                /** @description Flat rate in the tenant's currency (null when tiered or unpriced) */
                rate: string | null;
                tierMode: ("graduated" | "volume") | null;
                /** @description Tier slices of a tiered line */
                slices: {
                    /** @description Exact decimal as a string */
                    from: string;
                    to: string | null;
                    /** @description Exact decimal as a string */
                    rate: string;
                    /** @description Exact decimal as a string */
                    quantity: string;
                    /** @description Exact decimal as a string */
                    amount: string;
                }[] | null;
                /** @description Rounded to the currency's minor unit; negative for discounts and credits */
                amount: string;
                currency: string;
                /** @description No applicable price: rated at zero and alerted */
                unpriced: boolean;
                discountId: string | null;
                creditId: string | null;
                description: string | null;
                /** @description The price list version that priced the line */
                priceList: {
                    /** @description Platform users only */
                    id: string | null;
                    /** @description Platform users only */
                    versionId: string | null;
                    /** @description Platform users only */
                    itemId: string | null;
                    /** @enum {string} */
                    scope: "region" | "tenant" | "subscription";
                    name: string;
                    version: number;
                } | null;
            }[];
        };
        TestMailRequestInput: {
            /**
             * Format: email
             * @description Where to send it; the signed-in user's own address when left out
             */
            to?: string;
        };
        TestMailResult: {
            /** @description The address the mail server accepted the test e-mail for */
            to: string;
        };
        UnassignedUsage: {
            regionId: string;
            items: {
                azsSubscriptionId: string;
                displayName: string | null;
                isOperator: boolean;
                /**
                 * @description No live CMS subscription, or usage before its billable-from instant
                 * @enum {string}
                 */
                reason: "unlinked" | "before_billable_from";
                /** @description The linked CMS subscription (before_billable_from) */
                subscriptionId: string | null;
                billableFrom: string | null;
                /** @description Local days with unassigned usage */
                days: number;
                records: number;
                /**
                 * Format: date
                 * @example 2024-03-01
                 */
                firstDay: string;
                /**
                 * Format: date
                 * @example 2024-03-01
                 */
                lastDay: string;
            }[];
        };
        UsageCollection: {
            /** @description The job: follow it with GET /api/v1/jobs/{id} */
            id: string;
            /** @enum {string} */
            status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
            /** @description false: the same collection was already queued or running, and this is it */
            created: boolean;
            /** @description The first instant collected (UTC): the start of fromDate in the region */
            from: string;
            /** @description The end (UTC) of toDate in the region; the collection window after it is re-scanned too */
            to: string;
        };
        UsageImportInput: {
            /** @description The records; or send a file as format and content */
            records?: components["schemas"]["UsageImportRecordInput"][];
            /**
             * @description The format of content
             * @enum {string}
             */
            format?: "csv" | "json";
            /** @description A whole CSV or JSON file as text (UTF-8; a byte order mark is ignored) */
            content?: string;
        };
        UsageImportRecordInput: {
            /** @description Your id of this record; unique within the source (a re-import replaces it) */
            externalId: string;
            /** @description The CMS subscription id, or the external subscription id linked on this source */
            subscription: string;
            /** @description A meter of the source's catalog */
            meterId: string;
            sku?: string | null;
            resourceId?: string | null;
            /** @description Inclusive, with an offset */
            usageStart: string;
            /** @description Exclusive, with an offset; after usageStart */
            usageEnd: string;
            /** @description Non-negative decimal as a string */
            quantity: string;
        };
        UsageImportResult: {
            /** @description imb_… of the stored batch; null on a dry run */
            batchId: string | null;
            regionId: string;
            dryRun: boolean;
            /** @description Records in the upload */
            records: number;
            /** @description New external record ids */
            inserted: number;
            /** @description Known ids whose quantity or attributes changed */
            replaced: number;
            /** @description Known ids imported again exactly as stored */
            unchanged: number;
        };
        User: {
            id: string;
            orgId: string;
            /** @description The name of the user's organisation */
            orgName: string;
            /** @enum {string} */
            level: "platform" | "distributor" | "partner" | "tenant";
            /**
             * @description admin: Administrator; reader: Reader (sees everything in scope, changes nothing)
             * @enum {string}
             */
            role: "admin" | "reader";
            email: string;
            firstName: string | null;
            lastName: string | null;
            phone: string | null;
            mfaRequired: boolean;
            /** @description Has a confirmed TOTP factor */
            mfaEnabled: boolean;
            federatedOnly: boolean;
            disabled: boolean;
            /** @description Password sign-in refused after failed attempts; tokens and sessions still work */
            lockedOut: boolean;
            /** @description When the lockout ends by itself; null when not locked out or locked until unlocked */
            lockedUntil: string | null;
            /**
             * @description invited: has not activated the account yet; active: can sign in; disabled: sign-in blocked by an administrator; locked_out: password sign-in refused after failed attempts (until `lockedUntil`, or until unlocked). The first that applies, in the order disabled, locked_out, invited, active
             * @enum {string}
             */
            status: "invited" | "active" | "disabled" | "locked_out";
            /** @description When the account was activated (a password set, or a first federated sign-in); null while invited */
            activatedAt: string | null;
            /** @description The first sign-in still needs an activation code (Require User Activation Code); an administrator can issue a new one with POST /api/v1/users/{id}/activation-code */
            activationCodePending: boolean;
            lastSignInAt: string | null;
            createdAt: string;
            updatedAt: string;
        };
        UserCreated: {
            id: string;
            orgId: string;
            /** @description The name of the user's organisation */
            orgName: string;
            /** @enum {string} */
            level: "platform" | "distributor" | "partner" | "tenant";
            /**
             * @description admin: Administrator; reader: Reader (sees everything in scope, changes nothing)
             * @enum {string}
             */
            role: "admin" | "reader";
            email: string;
            firstName: string | null;
            lastName: string | null;
            phone: string | null;
            mfaRequired: boolean;
            /** @description Has a confirmed TOTP factor */
            mfaEnabled: boolean;
            federatedOnly: boolean;
            disabled: boolean;
            /** @description Password sign-in refused after failed attempts; tokens and sessions still work */
            lockedOut: boolean;
            /** @description When the lockout ends by itself; null when not locked out or locked until unlocked */
            lockedUntil: string | null;
            /**
             * @description invited: has not activated the account yet; active: can sign in; disabled: sign-in blocked by an administrator; locked_out: password sign-in refused after failed attempts (until `lockedUntil`, or until unlocked). The first that applies, in the order disabled, locked_out, invited, active
             * @enum {string}
             */
            status: "invited" | "active" | "disabled" | "locked_out";
            /** @description When the account was activated (a password set, or a first federated sign-in); null while invited */
            activatedAt: string | null;
            /** @description The first sign-in still needs an activation code (Require User Activation Code); an administrator can issue a new one with POST /api/v1/users/{id}/activation-code */
            activationCodePending: boolean;
            lastSignInAt: string | null;
            createdAt: string;
            updatedAt: string;
            /**
             * @description queued: the invitation e-mail is in the outbox with the user and goes out (retried while the mail server is unreachable); link: e-mail is off (SMTP not configured), so the activation link is in `activationLink` for you to hand over; not_needed: no invitation (an initial password was given, or the user is Federated Only)
             * @enum {string}
             */
            invitation: "queued" | "link" | "not_needed";
            /** @description The one-time activation code (Require User Activation Code): hand it over out of band; it is required at first sign-in and shown only in this response */
            activationCode?: string;
            /** @description The one-time activation link (e-mail is off): hand it to the user, who sets a password with it. Shown only in this response; it works once and expires with the invitation (7 days) */
            activationLink?: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    "health.live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "health.ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "metrics.scrape": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text format */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "docs.openapi": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OpenAPI document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string;
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.signIn": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    password: string;
                    /** @description The one-time code from your administrator, at first sign-in */
                    activationCode?: string;
                };
            };
        };
        responses: {
            /** @description Signed in */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignInResult"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.signOutEverywhere": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out everywhere */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.changePassword": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    currentPassword: string;
                    /** @description At least 12 characters, not containing your e-mail address */
                    newPassword: string;
                };
            };
        };
        responses: {
            /** @description Changed; the sign-in step now due */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StageResult"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.signOut": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "apiTokens.list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Tokens */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ApiToken"][];
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "apiTokens.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @description UTC expiry; none when absent */
                    expiresAt?: string | null;
                };
            };
        };
        responses: {
            /** @description The new token with its secret */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiTokenCreated"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "apiTokens.revoke": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "mfa.enrolmentStart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The pending secret */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MfaEnrolment"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "mfa.enrolmentConfirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The current code of the new secret */
                    code: string;
                    /** @description When replacing a factor: a code of the current one */
                    currentCode?: string;
                    /** @description When replacing a factor: an unused recovery code */
                    currentRecoveryCode?: string;
                };
            };
        };
        responses: {
            /** @description Enrolled */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MfaEnrolled"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "mfa.verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The 6-digit code the authenticator app shows (spaces are ignored) */
                    code?: string;
                    /** @description One of the recovery codes shown at enrolment (xxxxx-xxxxx); each works once */
                    recoveryCode?: string;
                };
            };
        };
        responses: {
            /** @description Verified; the sign-in step now due */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MfaVerified"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "mfa.recoveryCodesRegenerate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The 6-digit code the authenticator app shows (spaces are ignored) */
                    code?: string;
                    /** @description One of the recovery codes shown at enrolment (xxxxx-xxxxx); each works once */
                    recoveryCode?: string;
                };
            };
        };
        responses: {
            /** @description The new recovery codes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MfaRecoveryCodes"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "mfa.disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The 6-digit code the authenticator app shows (spaces are ignored) */
                    code?: string;
                    /** @description One of the recovery codes shown at enrolment (xxxxx-xxxxx); each works once */
                    recoveryCode?: string;
                };
            };
        };
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "users.mfaReset": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Reset */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "distributors.list": {
        parameters: {
            query?: {
                /** @description Default 50 */
                limit?: number;
                cursor?: string;
                /** @description One of name, -name, createdAt, -createdAt */
                sort?: "name" | "-name" | "createdAt" | "-createdAt";
                /** @description Case-insensitive search text */
                q?: string;
                includeTotal?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of distributors */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Distributor"][];
                        /** @description Pass as `cursor` to get the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description Present when includeTotal=true */
                        total?: number;
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "distributors.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @description Main contact */
                    contact?: {
                        name?: string | null;
                        email?: string | null;
                        phone?: string | null;
                    };
                    /** @description Who receives invoices */
                    billingContact?: {
                        name?: string | null;
                        email?: string | null;
                        phone?: string | null;
                    };
                    /** @description Billing postal address */
                    address?: {
                        line1?: string | null;
                        line2?: string | null;
                        city?: string | null;
                        region?: string | null;
                        postalCode?: string | null;
                        country?: string | null;
                    };
                    /** @description Defaults to the Default Tenant Currency setting */
                    currency?: string;
                    /** @description Administrators created with the organisation */
                    administrators: {
                        firstName: string;
                        lastName: string;
                        /** Format: email */
                        email: string;
                        phone?: string;
                        /** @description Must be changed at first sign-in */
                        initialPassword?: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description The new distributor */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Distributor"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "distributors.export": {
        parameters: {
            query?: {
                /** @description One of name, -name, createdAt, -createdAt */
                sort?: "name" | "-name" | "createdAt" | "-createdAt";
                /** @description Case-insensitive search text */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV, one distributor per line; cells that a spreadsheet would run as a formula start with ' */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "distributors.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The distributor */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Distributor"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "distributors.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "distributors.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    contact?: {
                        name?: string | null;
                        email?: string | null;
                        phone?: string | null;
                    };
                    billingContact?: {
                        name?: string | null;
                        email?: string | null;
                        phone?: string | null;
                    };
                    address?: {
                        line1?: string | null;
                        line2?: string | null;
                        city?: string | null;
                        region?: string | null;
                        postalCode?: string | null;
                        country?: string | null;
                    };
                    currency?: string;
                    /** @description New administrators to create and assign */
                    addAdministrators?: {
                        firstName: string;
                        lastName: string;
                        /** Format: email */
                        email: string;
                        phone?: string;
                        /** @description Must be changed at first sign-in */
                        initialPassword?: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description The distributor after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Distributor"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "partners.list": {
        parameters: {
            query?: {
                /** @description Default 50 */
                limit?: number;
                cursor?: string;
                /** @description One of name, -name, createdAt, -createdAt */
                sort?: "name" | "-name" | "createdAt" | "-createdAt";
                /** @description Case-insensitive search text */
                q?: string;
                includeTotal?: "true" | "false";
                distributorId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of partners */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Partner"][];
                        /** @description Pass as `cursor` to get the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description Present when includeTotal=true */
                        total?: number;
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "partners.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @description Main contact */
                    contact?: {
                        name?: string | null;
                        email?: string | null;
                        phone?: string | null;
                    };
                    /** @description Who receives invoices */
                    billingContact?: {
                        name?: string | null;
                        email?: string | null;
                        phone?: string | null;
                    };
                    /** @description Billing postal address */
                    address?: {
                        line1?: string | null;
                        line2?: string | null;
                        city?: string | null;
                        region?: string | null;
                        postalCode?: string | null;
                        country?: string | null;
                    };
                    /** @description Defaults to the Default Tenant Currency setting */
                    currency?: string;
                    /** @description Administrators created with the organisation */
                    administrators: {
                        firstName: string;
                        lastName: string;
                        /** Format: email */
                        email: string;
                        phone?: string;
                        /** @description Must be changed at first sign-in */
                        initialPassword?: string;
                    }[];
                    /** @description Required for platform staff; defaults to your distributor */
                    distributorId?: string;
                };
            };
        };
        responses: {
            /** @description The new partner */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Partner"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "partners.export": {
        parameters: {
            query?: {
                /** @description One of name, -name, createdAt, -createdAt */
                sort?: "name" | "-name" | "createdAt" | "-createdAt";
                /** @description Case-insensitive search text */
                q?: string;
                distributorId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV, one partner per line; cells that a spreadsheet would run as a formula start with ' */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "partners.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The partner */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Partner"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "partners.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "partners.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    contact?: {
                        name?: string | null;
                        email?: string | null;
                        phone?: string | null;
                    };
                    billingContact?: {
                        name?: string | null;
                        email?: string | null;
                        phone?: string | null;
                    };
                    address?: {
                        line1?: string | null;
                        line2?: string | null;
                        city?: string | null;
                        region?: string | null;
                        postalCode?: string | null;
                        country?: string | null;
                    };
                    currency?: string;
                    /** @description New administrators to create and assign */
                    addAdministrators?: {
                        firstName: string;
                        lastName: string;
                        /** Format: email */
                        email: string;
                        phone?: string;
                        /** @description Must be changed at first sign-in */
                        initialPassword?: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description The partner after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Partner"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "partners.move": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    distributorId: string;
                };
            };
        };
        responses: {
            /** @description The partner after the move */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Partner"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tenants.list": {
        parameters: {
            query?: {
                /** @description Default 50 */
                limit?: number;
                cursor?: string;
                /** @description One of name, -name, createdAt, -createdAt */
                sort?: "name" | "-name" | "createdAt" | "-createdAt";
                /** @description Case-insensitive search text */
                q?: string;
                includeTotal?: "true" | "false";
                distributorId?: string;
                partnerId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of tenants */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Tenant"][];
                        /** @description Pass as `cursor` to get the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description Present when includeTotal=true */
                        total?: number;
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tenants.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @description Main contact */
                    contact?: {
                        name?: string | null;
                        email?: string | null;
                        phone?: string | null;
                    };
                    /** @description Who receives invoices */
                    billingContact?: {
                        name?: string | null;
                        email?: string | null;
                        phone?: string | null;
                    };
                    /** @description Billing postal address */
                    address?: {
                        line1?: string | null;
                        line2?: string | null;
                        city?: string | null;
                        region?: string | null;
                        postalCode?: string | null;
                        country?: string | null;
                    };
                    /** @description Defaults to the Default Tenant Currency setting */
                    currency?: string;
                    /** @description Administrators created with the organisation */
                    administrators: {
                        firstName: string;
                        lastName: string;
                        /** Format: email */
                        email: string;
                        phone?: string;
                        /** @description Must be changed at first sign-in */
                        initialPassword?: string;
                    }[];
                    /** @description Microsoft Entra directory: tenant id (GUID) or domain */
                    directoryId?: ("" | string) | null;
                    /**
                     * @description chargeback: invoices; showback: statements
                     * @enum {string}
                     */
                    billingMode?: "chargeback" | "showback";
                    /** @description null: platform default */
                    paymentTermsDays?: number | null;
                    /** @description Its own tax profile (platform administrators only); null: the Default Tax Profile setting applies */
                    taxProfileId?: string | null;
                    /** @description Required above partner level; defaults to your partner */
                    partnerId?: string;
                };
            };
        };
        responses: {
            /** @description The new tenant */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tenants.export": {
        parameters: {
            query?: {
                /** @description One of name, -name, createdAt, -createdAt */
                sort?: "name" | "-name" | "createdAt" | "-createdAt";
                /** @description Case-insensitive search text */
                q?: string;
                distributorId?: string;
                partnerId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV, one tenant per line; cells that a spreadsheet would run as a formula start with ' */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tenants.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tenant */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tenants.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tenants.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    contact?: {
                        name?: string | null;
                        email?: string | null;
                        phone?: string | null;
                    };
                    billingContact?: {
                        name?: string | null;
                        email?: string | null;
                        phone?: string | null;
                    };
                    address?: {
                        line1?: string | null;
                        line2?: string | null;
                        city?: string | null;
                        region?: string | null;
                        postalCode?: string | null;
                        country?: string | null;
                    };
                    currency?: string;
                    /** @description New administrators to create and assign */
                    addAdministrators?: {
                        firstName: string;
                        lastName: string;
                        /** Format: email */
                        email: string;
                        phone?: string;
                        /** @description Must be changed at first sign-in */
                        initialPassword?: string;
                    }[];
                    /** @description Microsoft Entra directory: tenant id (GUID) or domain */
                    directoryId?: ("" | string) | null;
                    /**
                     * @description chargeback: invoices; showback: statements
                     * @enum {string}
                     */
                    billingMode?: "chargeback" | "showback";
                    /** @description null: platform default */
                    paymentTermsDays?: number | null;
                    /** @description Its own tax profile (platform administrators only); null: the Default Tax Profile setting applies */
                    taxProfileId?: string | null;
                };
            };
        };
        responses: {
            /** @description The tenant after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tenants.move": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    partnerId: string;
                };
            };
        };
        responses: {
            /** @description The tenant after the move */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "subscriptions.list": {
        parameters: {
            query?: {
                /** @description Default 50 */
                limit?: number;
                cursor?: string;
                /** @description One of name, -name, createdAt, -createdAt */
                sort?: "name" | "-name" | "createdAt" | "-createdAt";
                /** @description Case-insensitive search text */
                q?: string;
                includeTotal?: "true" | "false";
                tenantId?: string;
                status?: "active" | "suspended" | "cancelled";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of subscriptions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Subscription"][];
                        /** @description Pass as `cursor` to get the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description Present when includeTotal=true */
                        total?: number;
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "subscriptions.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Required above tenant level; defaults to your tenant */
                    tenantId?: string;
                    name: string;
                    /** @description The offer to provision it from: the subscription is created on the offer's region (then initialOwner is required). Without it, a record the CMS does not provision. */
                    offerId?: string;
                    /** @description Microsoft Entra directory: tenant id (GUID) or domain; default: the tenant's. With an offer, a domain is resolved to its tenant id (the region takes GUIDs) and recorded so */
                    directoryId?: ("" | string) | null;
                    /** @description Its owner on the region: a UPN or e-mail address */
                    initialOwner?: string | null;
                    /** @description The region it lives on (platform administrators only); null takes it off its region */
                    regionId?: string | null;
                    /** @description Its subscription id on the region, a GUID (platform administrators only; only with a region; one live subscription per id and region) */
                    azsSubscriptionId?: string | null;
                };
            };
        };
        responses: {
            /** @description The new subscription */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subscription"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "subscriptions.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The subscription */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subscription"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "subscriptions.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "subscriptions.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /** @enum {string} */
                    status?: "active" | "suspended" | "cancelled";
                    /** @description Microsoft Entra directory: tenant id (GUID) or domain */
                    directoryId?: ("" | string) | null;
                    initialOwner?: string | null;
                    /** @description The region it lives on (platform administrators only); null takes it off its region */
                    regionId?: string | null;
                    /** @description Its subscription id on the region, a GUID (platform administrators only; only with a region; one live subscription per id and region) */
                    azsSubscriptionId?: string | null;
                };
            };
        };
        responses: {
            /** @description The subscription after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subscription"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "subscriptions.suspend": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The suspended subscription */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subscription"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "subscriptions.resume": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The active subscription */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subscription"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "subscriptions.cancel": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cancelled subscription */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subscription"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "subscriptions.regionDelete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The subscription's name, typed exactly: deleting it on the region destroys its resources there */
                    confirm: string;
                };
            };
        };
        responses: {
            /** @description The subscription, deleted on its region */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subscription"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "subscriptions.plans": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Acquired add-on plans */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcquiredPlanList"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "subscriptions.acquirePlan": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description An add-on plan of the subscription's offer */
                    planId: string;
                };
            };
        };
        responses: {
            /** @description The acquisition */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcquiredPlan"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "subscriptions.removePlan": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                acquisitionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "users.list": {
        parameters: {
            query?: {
                /** @description Default 50 */
                limit?: number;
                cursor?: string;
                /** @description One of email, -email, lastName, -lastName, createdAt, -createdAt */
                sort?: "email" | "-email" | "lastName" | "-lastName" | "createdAt" | "-createdAt";
                /** @description Case-insensitive search text */
                q?: string;
                includeTotal?: "true" | "false";
                /** @description Only the users of this organisation (not those below it) */
                orgId?: string;
                /** @description Only the users of organisations of this level */
                level?: "platform" | "distributor" | "partner" | "tenant";
                /** @description admin: Administrator; reader: Reader (sees everything in scope, changes nothing) */
                role?: "admin" | "reader";
                /** @description invited: has not activated the account yet; active: can sign in; disabled: sign-in blocked by an administrator; locked_out: password sign-in refused after failed attempts (until `lockedUntil`, or until unlocked). The first that applies, in the order disabled, locked_out, invited, active */
                status?: "invited" | "active" | "disabled" | "locked_out";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of users */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["User"][];
                        /** @description Pass as `cursor` to get the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description Present when includeTotal=true */
                        total?: number;
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "users.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    firstName: string;
                    lastName: string;
                    /** Format: email */
                    email: string;
                    phone?: string;
                    /** @description Must be changed at first sign-in */
                    initialPassword?: string;
                    /** @description The organisation the user belongs to; fixes the level */
                    orgId: string;
                    /**
                     * @description admin: Administrator; reader: Reader (sees everything in scope, changes nothing)
                     * @enum {string}
                     */
                    role: "admin" | "reader";
                    mfaRequired?: boolean;
                    federatedOnly?: boolean;
                };
            };
        };
        responses: {
            /** @description The new user, whether its invitation was e-mailed, and its one-time activation code */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserCreated"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "users.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "users.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "users.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    firstName?: string;
                    lastName?: string;
                    /** Format: email */
                    email?: string;
                    /** @description null removes the number */
                    phone?: string | null;
                    /**
                     * @description admin: Administrator; reader: Reader (sees everything in scope, changes nothing)
                     * @enum {string}
                     */
                    role?: "admin" | "reader";
                    mfaRequired?: boolean;
                    federatedOnly?: boolean;
                    disabled?: boolean;
                    /**
                     * @description Set false to unlock; locking happens only on failed password sign-ins
                     * @constant
                     */
                    lockedOut?: false;
                    /** @description Move the user to another organisation within your scope; its level follows */
                    orgId?: string;
                };
            };
        };
        responses: {
            /** @description The user after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The `token` parameter of the link in the e-mail */
                    token: string;
                    /** @description At least 12 characters, not containing your e-mail address */
                    password: string;
                };
            };
        };
        responses: {
            /** @description Activated; sign in now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActivateResult"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.passwordResetRequest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                };
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasswordResetAccepted"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.passwordResetConfirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The `token` parameter of the link in the e-mail */
                    token: string;
                    /** @description At least 12 characters, not containing your e-mail address */
                    password: string;
                };
            };
        };
        responses: {
            /** @description Password set; sign in now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasswordResetResult"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "users.resendInvitation": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Issued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitationSent"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "users.activationCode": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new code, shown once */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActivationCodeIssued"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "users.passwordReset": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Issued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasswordResetSent"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "settings.list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description All registered settings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Settings"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "settings.update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Setting key → new value; every value is validated before any is written */
                    values: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Settings after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Settings"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "mail.sendTest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TestMailRequestInput"];
            };
        };
        responses: {
            /** @description The mail server accepted the message */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestMailResult"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "emailLog.list": {
        parameters: {
            query?: {
                /** @description Only e-mails about this object, e.g. an invoice id */
                relatedId?: string;
                /** @description Only e-mails of this kind, e.g. invoice or delinquency_notice */
                kind?: string;
                /** @description queued: waiting for its first attempt or a retry (attempts says which); sending: an attempt is under way; sent: the mail server accepted it; failed: given up after the last retry */
                status?: "queued" | "sending" | "sent" | "failed";
                /** @description Only e-mails whose recipient address contains this text (case-insensitive) */
                recipient?: string;
                /** @description Only e-mails queued at or after this instant (UTC ISO-8601) */
                from?: string;
                /** @description Only e-mails queued before this instant (UTC ISO-8601) */
                to?: string;
                /** @description Default 50 */
                limit?: number;
                cursor?: string;
                includeTotal?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the e-mail log */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["EmailLogEntry"][];
                        /** @description Pass as `cursor` to get the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description Present when includeTotal=true */
                        total?: number;
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "documentStorage.test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Each step and its outcome */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StorageConnectionTest"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "audit.list": {
        parameters: {
            query?: {
                /** @description Exact action, e.g. tenant.update */
                action?: string;
                targetType?: string;
                targetId?: string;
                actorUserId?: string;
                /** @description Events at or after this instant */
                from?: string;
                /** @description Events before this instant */
                to?: string;
                /** @description Default 50 */
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of audit events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AuditEvent"][];
                        /** @description Pass as `cursor` to get the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description Present when includeTotal=true */
                        total?: number;
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "audit.export": {
        parameters: {
            query?: {
                /** @description Exact action, e.g. tenant.update */
                action?: string;
                targetType?: string;
                targetId?: string;
                actorUserId?: string;
                /** @description Events at or after this instant */
                from?: string;
                /** @description Events before this instant */
                to?: string;
                format?: "csv";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV, one event per line */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "overview.get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The figures */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Overview"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "identityProviders.list": {
        parameters: {
            query?: {
                /** @description Default 50 */
                limit?: number;
                cursor?: string;
                /** @description One of name, -name, createdAt, -createdAt */
                sort?: "name" | "-name" | "createdAt" | "-createdAt";
                /** @description Case-insensitive search text */
                q?: string;
                includeTotal?: "true" | "false";
                /** @description Only the mappings attached to this organisation */
                orgId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of mappings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["IdentityProvider"][];
                        /** @description Pass as `cursor` to get the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description Present when includeTotal=true */
                        total?: number;
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "identityProviders.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The organisation the mapping attaches to, at or below your own */
                    orgId: string;
                    name: string;
                    /**
                     * @description entra: Microsoft Entra ID (the issuer follows from entraTenantId); google: Google; oidc: any OpenID Connect provider (give its issuer)
                     * @enum {string}
                     */
                    preset: "entra" | "google" | "oidc";
                    /**
                     * Format: uri
                     * @description The issuer identifier (https; http only on localhost, 127.0.0.1 or [::1]), in normal form. Set by the entra and google presets
                     */
                    issuer?: string;
                    /**
                     * @description The Entra directory: tenant id (GUID) or domain, e.g. nwtraders.onmicrosoft.com; required with the entra preset. A domain is resolved to its tenant id when saved (422 when no directory has it, 503 when Entra cannot be reached) and kept as typed in entraDomain
                     * @example nwtraders.onmicrosoft.com
                     * @example 72f988bf-86f1-41af-91ab-2d7cd011db47
                     */
                    entraTenantId?: string;
                    clientId: string;
                    /** @description Write-only: stored encrypted and never returned (see clientSecretSet) */
                    clientSecret?: string;
                    /** @description E-mail domains whose people may link their account by verified e-mail and that the sign-in page offers this mapping to; empty: any domain */
                    allowedDomains?: string[];
                    /** @description Default false */
                    linkByEmail?: boolean;
                    /** @description Default true; an organisation has at most one enabled mapping */
                    enabled?: boolean;
                };
            };
        };
        responses: {
            /** @description The new mapping */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IdentityProvider"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "identityProviders.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The mapping */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IdentityProvider"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "identityProviders.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "identityProviders.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /**
                     * @description entra: Microsoft Entra ID (the issuer follows from entraTenantId); google: Google; oidc: any OpenID Connect provider (give its issuer)
                     * @enum {string}
                     */
                    preset?: "entra" | "google" | "oidc";
                    /**
                     * Format: uri
                     * @description The issuer identifier (https; http only on localhost, 127.0.0.1 or [::1]), in normal form. Set by the entra and google presets
                     */
                    issuer?: string;
                    /**
                     * @description The Entra directory: tenant id (GUID) or domain, e.g. nwtraders.onmicrosoft.com; required with the entra preset. A domain is resolved to its tenant id when saved (422 when no directory has it, 503 when Entra cannot be reached) and kept as typed in entraDomain
                     * @example nwtraders.onmicrosoft.com
                     * @example 72f988bf-86f1-41af-91ab-2d7cd011db47
                     */
                    entraTenantId?: string;
                    clientId?: string;
                    /** @description A new secret; null removes it */
                    clientSecret?: string | null;
                    /** @description E-mail domains whose people may link their account by verified e-mail and that the sign-in page offers this mapping to; empty: any domain */
                    allowedDomains?: string[];
                    linkByEmail?: boolean;
                    enabled?: boolean;
                };
            };
        };
        responses: {
            /** @description The mapping after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IdentityProvider"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.identityProviders": {
        parameters: {
            query: {
                email: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Providers to offer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignInOptions"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.oidcStart": {
        parameters: {
            query?: {
                /** @description A path on this site to go to after signing in; default / */
                returnTo?: string;
            };
            header?: never;
            path: {
                providerId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Redirect to the provider's authorization endpoint */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.oidcCallback": {
        parameters: {
            query: {
                state: string;
                code?: string;
                iss?: string;
                error?: string;
                error_description?: string;
                error_uri?: string;
                session_state?: string;
                scope?: string;
                authuser?: string;
                hd?: string;
                prompt?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed in: redirect to returnTo */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionInfo"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "identities.listOwn": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The linked identities, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkedIdentityList"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "identities.removeOwn": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                identityId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Unlinked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "users.listIdentities": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The linked identities, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkedIdentityList"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "users.removeIdentity": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                identityId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Unlinked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "branding.effective": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Effective branding */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EffectiveBranding"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "branding.logo": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The image (PNG, JPEG or WebP) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/*": string;
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "branding.platformGet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Platform branding */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Branding"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "branding.platformUpdate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The name shown in the header and the title; null: inherit */
                    name?: string | null;
                    primaryColor?: string | null;
                    /** @description Shown on the sign-in page and in the footer */
                    supportEmail?: string | null;
                    /** @description Shown on the sign-in page and in the footer */
                    supportUrl?: string | null;
                    /** @description A new logo for the light colour scheme; null removes it; absent keeps it */
                    logoLight?: components["schemas"]["LogoUploadInput"] | null;
                    /** @description A new logo for the dark colour scheme; null removes it; absent keeps it */
                    logoDark?: components["schemas"]["LogoUploadInput"] | null;
                };
            };
        };
        responses: {
            /** @description Platform branding after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Branding"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "partners.brandingGet": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Partner branding */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Branding"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "partners.brandingUpdate": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The name shown in the header and the title; null: inherit */
                    name?: string | null;
                    primaryColor?: string | null;
                    /** @description Shown on the sign-in page and in the footer */
                    supportEmail?: string | null;
                    /** @description Shown on the sign-in page and in the footer */
                    supportUrl?: string | null;
                    /** @description A new logo for the light colour scheme; null removes it; absent keeps it */
                    logoLight?: components["schemas"]["LogoUploadInput"] | null;
                    /** @description A new logo for the dark colour scheme; null removes it; absent keeps it */
                    logoDark?: components["schemas"]["LogoUploadInput"] | null;
                    portalHostname?: string | null;
                    /** @description Printed in the footer of the invoices this partner issues; null removes them */
                    paymentDetails?: string | null;
                };
            };
        };
        responses: {
            /** @description Partner branding after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Branding"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "alerts.list": {
        parameters: {
            query?: {
                /** @description Default 50 */
                limit?: number;
                cursor?: string;
                includeTotal?: "true" | "false";
                /** @description open: unresolved and not acknowledged; acknowledged: unresolved and acknowledged; unresolved: either */
                status?: "open" | "acknowledged" | "unresolved" | "resolved";
                severity?: "info" | "warning" | "critical";
                kind?: string;
                regionId?: string;
                subscriptionId?: string;
                /** @description Alerts about this organisation or anything under it (its subscriptions included) */
                orgId?: string;
                /** @description Case-insensitive search in the title */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of alerts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Alert"][];
                        /** @description Pass as `cursor` to get the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description Present when includeTotal=true */
                        total?: number;
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "alerts.summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The counts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertSummary"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "alerts.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The alert */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Alert"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "alerts.acknowledge": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The alert after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Alert"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "alerts.resolve": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The alert after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Alert"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "regions.list": {
        parameters: {
            query?: {
                /** @description Default 50 */
                limit?: number;
                cursor?: string;
                /** @description One of name, -name, createdAt, -createdAt */
                sort?: "name" | "-name" | "createdAt" | "-createdAt";
                /** @description Case-insensitive search text */
                q?: string;
                includeTotal?: "true" | "false";
                /** @description azure_stack: an Azure Stack Hub stamp whose usage the CMS collects; import: a hybrid source fed by files and the API */
                kind?: "azure_stack" | "import";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of regions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Region"][];
                        /** @description Pass as `cursor` to get the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description Present when includeTotal=true */
                        total?: number;
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "regions.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description azure_stack: an Azure Stack Hub stamp whose usage the CMS collects; import: a hybrid source fed by files and the API
                     * @enum {string}
                     */
                    kind: "azure_stack" | "import";
                    name: string;
                    description?: string | null;
                    /** @description IANA time zone of the region: its local days, and the schedule, are in it */
                    timeZone: string;
                    /**
                     * Format: uri
                     * @description azure_stack: required
                     */
                    armEndpoint?: string;
                    /**
                     * @description The directory tenant that deployed the stamp (GUID or domain); required when the stamp uses Microsoft Entra ID
                     * @example nwtraders.onmicrosoft.com
                     * @example 72f988bf-86f1-41af-91ab-2d7cd011db47
                     */
                    directoryTenant?: string;
                    /** @description azure_stack: required; the service principal */
                    clientId?: string;
                    /** @description azure_stack: required; write-only */
                    clientSecret?: string;
                    /** @description The Default Provider Subscription; discovered with GET /subscriptions on the admin endpoint when not given */
                    providerSubscriptionId?: string;
                    /** @description Look-back hours re-scanned on every run for late records (1–72; default 6) */
                    collectionWindowHours?: number;
                    /** @description When collection runs: a 5-field cron expression in the region’s time zone. Default "15 * * * *" */
                    schedule?: string;
                    /** @description azure_stack: collect on the schedule (default true) */
                    enabled?: boolean;
                };
            };
        };
        responses: {
            /** @description The new region */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Region"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "regions.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The region */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Region"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "regions.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "regions.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    description?: string | null;
                    /** @description Locked (422) once the region has usage */
                    timeZone?: string;
                    /**
                     * Format: uri
                     * @description The admin ARM endpoint, e.g. https://adminmanagement.local.azurestack.external (https; http only on a loopback address)
                     */
                    armEndpoint?: string;
                    /** @description null clears it (AD FS stamps need none) */
                    directoryTenant?: string | null;
                    clientId?: string;
                    /** @description Write-only: stored encrypted and never returned (see clientSecretSet). On update, leave it out (or send "********") to keep it */
                    clientSecret?: string;
                    /** @description null discovers it again with GET /subscriptions */
                    providerSubscriptionId?: string | null;
                    /** @description Look-back hours re-scanned on every run for late records (1–72; default 6) */
                    collectionWindowHours?: number;
                    /** @description When collection runs: a 5-field cron expression in the region’s time zone. Default "15 * * * *" */
                    schedule?: string;
                    enabled?: boolean;
                };
            };
        };
        responses: {
            /** @description The region after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Region"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "regions.testConnection": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Each step and its outcome */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegionConnectionTest"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "regions.testDraftConnection": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description azure_stack: an Azure Stack Hub stamp whose usage the CMS collects; import: a hybrid source fed by files and the API
                     * @enum {string}
                     */
                    kind: "azure_stack" | "import";
                    name: string;
                    description?: string | null;
                    /** @description IANA time zone of the region: its local days, and the schedule, are in it */
                    timeZone: string;
                    /**
                     * Format: uri
                     * @description azure_stack: required
                     */
                    armEndpoint?: string;
                    /**
                     * @description The directory tenant that deployed the stamp (GUID or domain); required when the stamp uses Microsoft Entra ID
                     * @example nwtraders.onmicrosoft.com
                     * @example 72f988bf-86f1-41af-91ab-2d7cd011db47
                     */
                    directoryTenant?: string;
                    /** @description azure_stack: required; the service principal */
                    clientId?: string;
                    /** @description azure_stack: required; write-only */
                    clientSecret?: string;
                    /** @description The Default Provider Subscription; discovered with GET /subscriptions on the admin endpoint when not given */
                    providerSubscriptionId?: string;
                    /** @description Look-back hours re-scanned on every run for late records (1–72; default 6) */
                    collectionWindowHours?: number;
                    /** @description When collection runs: a 5-field cron expression in the region’s time zone. Default "15 * * * *" */
                    schedule?: string;
                    /** @description azure_stack: collect on the schedule (default true) */
                    enabled?: boolean;
                };
            };
        };
        responses: {
            /** @description Each step and its outcome */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegionConnectionTest"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "regions.health": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The health panel */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegionHealth"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "meters.list": {
        parameters: {
            query?: {
                /** @description Default 50 */
                limit?: number;
                cursor?: string;
                /** @description One of meterId, -meterId, name, -name */
                sort?: "meterId" | "-meterId" | "name" | "-name";
                /** @description Case-insensitive search text */
                q?: string;
                includeTotal?: "true" | "false";
                /** @description 'azure-stack' (default) or an import source's region id */
                catalog?: "azure-stack" | string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of meters */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Meter"][];
                        /** @description Pass as `cursor` to get the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description Present when includeTotal=true */
                        total?: number;
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "regionMeters.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Stored lower-cased; a GUID without dashes or braces */
                    meterId: string;
                    name: string;
                    unit: string;
                    /** @default false */
                    informational?: boolean;
                };
            };
        };
        responses: {
            /** @description The new meter */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Meter"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "regionMeters.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                /** @description Stored lower-cased; a GUID without dashes or braces */
                meterId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "regionMeters.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                /** @description Stored lower-cased; a GUID without dashes or braces */
                meterId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    unit?: string;
                    informational?: boolean;
                };
            };
        };
        responses: {
            /** @description The meter after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Meter"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "usageImports.create": {
        parameters: {
            query?: {
                /** @description true: validate and count, store nothing */
                dryRun?: "true" | "false";
            };
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UsageImportInput"];
            };
        };
        responses: {
            /** @description What the import stored (or would store) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageImportResult"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "jobs.list": {
        parameters: {
            query?: {
                /** @description Only jobs of this type, e.g. usage.collect */
                type?: string;
                /** @description queued (waiting for its first run or a retry), running, succeeded, failed (for good), cancelled */
                status?: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                /** @description Only jobs about this region */
                regionId?: string;
                /** @description Only jobs about this subscription */
                subscriptionId?: string;
                /** @description Default 50 */
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of jobs */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Job"][];
                        /** @description Pass as `cursor` to get the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description Present when includeTotal=true */
                        total?: number;
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "jobs.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "jobs.cancel": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cancelled job */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "jobs.retry": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The queued job */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "subscriptions.usage": {
        parameters: {
            query?: {
                /** @description First local day (inclusive); default: the first of to's month */
                from?: string;
                /** @description Last local day (inclusive); default: today in the region's time zone */
                to?: string;
                /** @description day: per local day and meter/SKU; meter: per meter/SKU over the range */
                groupBy?: "day" | "meter";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Usage */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionUsage"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "regions.unassignedUsage": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Unassigned usage per Azure Stack subscription */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnassignedUsage"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "subscriptions.ratedLines": {
        parameters: {
            query?: {
                /** @description Default: the current local month */
                period?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Rated lines */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionRatedLines"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tenants.ratedLines": {
        parameters: {
            query?: {
                /** @description Default: the current local month */
                period?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Rated lines */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantRatedLines"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "subscriptions.dailyCost": {
        parameters: {
            query?: {
                /** @description Default: the current local month */
                period?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Daily allocation */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DailyCost"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "subscriptions.costToDate": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cost to date */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionCostToDate"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tenants.costToDate": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cost to date */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantCostToDate"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "rating.recalculate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Only this tenant */
                    tenantId?: string;
                    /**
                     * @description Only this period
                     * @example 2024-03
                     */
                    period?: string;
                };
            };
        };
        responses: {
            /** @description The rating job */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecalculateJob"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "regions.collectUsage": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date
                     * @description First day to collect, in the region's time zone (inclusive)
                     * @example 2024-03-01
                     */
                    fromDate: string;
                    /**
                     * Format: date
                     * @description Last day to collect, in the region's time zone (inclusive; not after today)
                     * @example 2024-03-01
                     */
                    toDate: string;
                };
            };
        };
        responses: {
            /** @description The collection job */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageCollection"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "subscriptions.collectUsage": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date
                     * @description First day to collect, in the region's time zone (inclusive)
                     * @example 2024-03-01
                     */
                    fromDate: string;
                    /**
                     * Format: date
                     * @description Last day to collect, in the region's time zone (inclusive; not after today)
                     * @example 2024-03-01
                     */
                    toDate: string;
                };
            };
        };
        responses: {
            /** @description The collection job */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageCollection"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "regions.heldPulls": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Held pulls, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        regionId: string;
                        items: components["schemas"]["HeldPull"][];
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "regions.confirmHeldPull": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description The held pull's reported window, as listed
                     */
                    window: string;
                    /** @description As listed; absent for a whole-window pull */
                    subscriberId?: string;
                };
            };
        };
        responses: {
            /** @description The confirmation job */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The usage.confirm-held-pull job; follow it with GET /api/v1/jobs/{id} */
                        id: string;
                        status: string;
                        /** @description false: the same confirmation was already queued or running */
                        created: boolean;
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "subscriptions.link": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path: {
                regionId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Its id on the region (a GUID on an Azure Stack Hub region) */
                    azsSubscriptionId: string;
                    tenantId: string;
                    /** @description Default: the subscription's display name on the region */
                    name?: string;
                    /**
                     * Format: date-time
                     * @description Usage from this instant on is billed to it (default: now); earlier usage stays unassigned
                     */
                    billableFrom?: string;
                };
            };
        };
        responses: {
            /** @description The new subscription */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subscription"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "regions.platformSubscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Platform subscriptions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlatformSubscriptions"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "plans.list": {
        parameters: {
            query?: {
                /** @description Default 50 */
                limit?: number;
                cursor?: string;
                /** @description One of name, -name, createdAt, -createdAt */
                sort?: "name" | "-name" | "createdAt" | "-createdAt";
                /** @description Case-insensitive search text */
                q?: string;
                includeTotal?: "true" | "false";
                regionId?: string;
                /** @description true: also rows gone from their region */
                includeDeleted?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of plans */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Plan"][];
                        /** @description Pass as `cursor` to get the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description Present when includeTotal=true */
                        total?: number;
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "plans.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    regionId: string;
                    /** @description The resource group on the region (default "cms-offers") */
                    resourceGroup?: string;
                    /** @description The name on the region: with the resource group, its identity there (case-insensitive) */
                    name: string;
                    displayName: string;
                    description?: string | null;
                    /** @description The plan's quotas (CMS ids of quotas on the plan's region; at most one per provider) */
                    quotaIds: string[];
                };
            };
        };
        responses: {
            /** @description The new plan */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Plan"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "plans.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The plan */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Plan"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "plans.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted on the region */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "plans.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    displayName?: string;
                    description?: string | null;
                    /** @description The plan's quotas (CMS ids of quotas on the plan's region; at most one per provider) */
                    quotaIds?: string[];
                };
            };
        };
        responses: {
            /** @description The plan after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Plan"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "quotas.list": {
        parameters: {
            query?: {
                /** @description Default 50 */
                limit?: number;
                cursor?: string;
                /** @description One of name, -name, createdAt, -createdAt */
                sort?: "name" | "-name" | "createdAt" | "-createdAt";
                /** @description Case-insensitive search text */
                q?: string;
                includeTotal?: "true" | "false";
                regionId?: string;
                /** @description The admin resource provider of the quota */
                provider?: "Microsoft.Compute.Admin" | "Microsoft.Storage.Admin" | "Microsoft.Network.Admin" | "Microsoft.KeyVault.Admin" | "Microsoft.Subscriptions.Admin";
                /** @description true: also rows gone from their region */
                includeDeleted?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of quotas */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Quota"][];
                        /** @description Pass as `cursor` to get the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description Present when includeTotal=true */
                        total?: number;
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "quotas.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    regionId: string;
                    /**
                     * @description The admin resource provider of the quota
                     * @enum {string}
                     */
                    provider: "Microsoft.Compute.Admin" | "Microsoft.Storage.Admin" | "Microsoft.Network.Admin" | "Microsoft.KeyVault.Admin" | "Microsoft.Subscriptions.Admin";
                    /** @description The quota's name on the region (e.g. "Default Quota") */
                    name: string;
                    /** @description The provider's numeric quota properties, whole numbers (Compute: virtualMachineCount, coresLimit, …; Storage: numberOfStorageAccounts, capacityInGb; Network: maxPublicIpsPerSubscription, …); each must be one of the quota's provider */
                    limits: {
                        virtualMachineCount?: number;
                        coresLimit?: number;
                        availabilitySetCount?: number;
                        vmScaleSetCount?: number;
                        maxAllocationStandardManagedDisksAndSnapshots?: number;
                        maxAllocationPremiumManagedDisksAndSnapshots?: number;
                        ddagpuCount?: number;
                        partitionedGpuCount?: number;
                        numberOfStorageAccounts?: number;
                        capacityInGb?: number;
                        maxPublicIpsPerSubscription?: number;
                        maxVnetsPerSubscription?: number;
                        maxVirtualNetworkGatewaysPerSubscription?: number;
                        maxVirtualNetworkGatewayConnectionsPerSubscription?: number;
                        maxLoadBalancersPerSubscription?: number;
                        maxNicsPerSubscription?: number;
                        maxSecurityGroupsPerSubscription?: number;
                    };
                };
            };
        };
        responses: {
            /** @description The new quota */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Quota"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "quotas.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The quota */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Quota"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "quotas.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The properties to change; the others keep their values */
                    limits: {
                        virtualMachineCount?: number;
                        coresLimit?: number;
                        availabilitySetCount?: number;
                        vmScaleSetCount?: number;
                        maxAllocationStandardManagedDisksAndSnapshots?: number;
                        maxAllocationPremiumManagedDisksAndSnapshots?: number;
                        ddagpuCount?: number;
                        partitionedGpuCount?: number;
                        numberOfStorageAccounts?: number;
                        capacityInGb?: number;
                        maxPublicIpsPerSubscription?: number;
                        maxVnetsPerSubscription?: number;
                        maxVirtualNetworkGatewaysPerSubscription?: number;
                        maxVirtualNetworkGatewayConnectionsPerSubscription?: number;
                        maxLoadBalancersPerSubscription?: number;
                        maxNicsPerSubscription?: number;
                        maxSecurityGroupsPerSubscription?: number;
                    };
                };
            };
        };
        responses: {
            /** @description The quota after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Quota"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "offers.list": {
        parameters: {
            query?: {
                /** @description Default 50 */
                limit?: number;
                cursor?: string;
                /** @description One of name, -name, createdAt, -createdAt */
                sort?: "name" | "-name" | "createdAt" | "-createdAt";
                /** @description Case-insensitive search text */
                q?: string;
                includeTotal?: "true" | "false";
                regionId?: string;
                /** @description The CMS publishing: private (platform users only), public (offered to the chosen audience), decommissioned (takes no new subscriptions; existing ones are untouched) */
                publication?: "private" | "public" | "decommissioned";
                /** @description true: also offers gone from their region (platform users) */
                includeDeleted?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of offers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Offer"][];
                        /** @description Pass as `cursor` to get the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description Present when includeTotal=true */
                        total?: number;
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "offers.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    regionId: string;
                    /** @description The resource group on the region (default "cms-offers") */
                    resourceGroup?: string;
                    /** @description The name on the region: with the resource group, its identity there (case-insensitive) */
                    name: string;
                    displayName: string;
                    description?: string | null;
                    /** @description Plans every subscription of the offer gets */
                    basePlanIds: string[];
                    /** @description Plans a subscription may acquire on top */
                    addonPlans?: {
                        planId: string;
                        maxAcquisitionCount?: number;
                    }[];
                    /**
                     * @description Default private
                     * @enum {string}
                     */
                    publication?: "private" | "public" | "decommissioned";
                    /**
                     * @description Default all
                     * @enum {string}
                     */
                    visibility?: "all" | "chosen";
                    /** @description Distributors, partners and tenants (ids) the offer is published to, with visibility chosen */
                    visibleTo?: string[];
                };
            };
        };
        responses: {
            /** @description The new offer */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Offer"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "offers.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The offer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Offer"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "offers.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted on the region */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "offers.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    displayName?: string;
                    description?: string | null;
                    /** @description Plans every subscription of the offer gets */
                    basePlanIds?: string[];
                    /** @description Plans a subscription may acquire on top */
                    addonPlans?: {
                        planId: string;
                        maxAcquisitionCount?: number;
                    }[];
                    /**
                     * @description The CMS publishing: private (platform users only), public (offered to the chosen audience), decommissioned (takes no new subscriptions; existing ones are untouched)
                     * @enum {string}
                     */
                    publication?: "private" | "public" | "decommissioned";
                    /**
                     * @description all: every branch; chosen: the organisations in visibleTo and their branches
                     * @enum {string}
                     */
                    visibility?: "all" | "chosen";
                    /** @description Replaces the list */
                    visibleTo?: string[];
                };
            };
        };
        responses: {
            /** @description The offer after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Offer"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "regions.syncOffers": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                regionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sync job */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfferSync"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tenants.identityCheck": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The last result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IdentityCheck"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tenants.identityCheckRun": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result of this check */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IdentityCheck"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "subscriptions.quotas": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Plans, quotas and consumption */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionQuotas"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "priceIncreases.model": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description priceList: the list `priceListId`; allRegionLists: every region-scoped list; region: the list of `regionId`; tenant: the list of `tenantId`
                     * @enum {string}
                     */
                    scope: "priceList" | "allRegionLists" | "region" | "tenant";
                    /** @description scope priceList: the price list */
                    priceListId?: string;
                    /** @description scope region: the region whose list is increased */
                    regionId?: string;
                    /** @description scope tenant: the tenant whose list is increased */
                    tenantId?: string;
                    /** @description scope priceList only: the version to increase; default: the version that rates the current month */
                    sourceVersionId?: string;
                    /**
                     * @description percentage: every flat and tier rate × (1 + amount ÷ 100); fixed: amount added to every flat and tier rate per price unit (never below zero)
                     * @enum {string}
                     */
                    increaseType: "percentage" | "fixed";
                    /**
                     * @description The increase: a percentage (e.g. "5" for 5 %) or an amount per price unit in the list currency; negative lowers prices, never below zero
                     * @example 12.5
                     */
                    amount: string;
                    /** @description The period whose real usage is rated twice (current prices, then increased) */
                    period: string;
                };
            };
        };
        responses: {
            /** @description The model */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PriceIncreaseModel"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "priceIncreases.apply": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description priceList: the list `priceListId`; allRegionLists: every region-scoped list; region: the list of `regionId`; tenant: the list of `tenantId`
                     * @enum {string}
                     */
                    scope: "priceList" | "allRegionLists" | "region" | "tenant";
                    /** @description scope priceList: the price list */
                    priceListId?: string;
                    /** @description scope region: the region whose list is increased */
                    regionId?: string;
                    /** @description scope tenant: the tenant whose list is increased */
                    tenantId?: string;
                    /** @description scope priceList only: the version to increase; default: the version that rates the current month */
                    sourceVersionId?: string;
                    /**
                     * @description percentage: every flat and tier rate × (1 + amount ÷ 100); fixed: amount added to every flat and tier rate per price unit (never below zero)
                     * @enum {string}
                     */
                    increaseType: "percentage" | "fixed";
                    /**
                     * @description The increase: a percentage (e.g. "5" for 5 %) or an amount per price unit in the list currency; negative lowers prices, never below zero
                     * @example 12.5
                     */
                    amount: string;
                    /** @description The month the new version takes effect from (not before the current month) */
                    effectiveFrom: string;
                    /**
                     * @description true (default): the new version is activated at once; false: it stays a draft
                     * @default true
                     */
                    activate?: boolean;
                    /** @description The new version's notes; default: what the increase was */
                    notes?: string | null;
                };
            };
        };
        responses: {
            /** @description The new versions */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PriceIncreaseApplied"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "pricingTools.estimate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The tenant (or give subscriptionId) */
                    tenantId?: string;
                    /** @description The subscription (or give tenantId) */
                    subscriptionId?: string;
                    /** @description The billing period priced; default: the current month */
                    period?: string;
                    quantities: {
                        /** @description The meter's id (stored normalised: lower case, a GUID without dashes or braces) */
                        meterId: string;
                        /** @description The SKU (e.g. the VM size); '' or absent: none */
                        sku?: string;
                        /**
                         * @description In the meter's own unit (hours, GB…)
                         * @example 12.5
                         */
                        quantity: string;
                        /** @description The subscription that uses it (a tenant's estimate); default: the request's subscription */
                        subscriptionId?: string;
                    }[];
                    /** @description Price with this list only; absent: the lists that apply (override → tenant → region) */
                    priceListId?: string;
                    /** @description With priceListId: this version (a draft too, to try proposed prices); default: the version rating the period */
                    versionId?: string;
                };
            };
        };
        responses: {
            /** @description The estimate */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Estimate"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "calculator.calculate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The tenant (or give subscriptionId) */
                    tenantId?: string;
                    /** @description The subscription (or give tenantId) */
                    subscriptionId?: string;
                    /** @description The billing period priced; default: the current month */
                    period?: string;
                    quantities: {
                        /** @description The meter's id (stored normalised: lower case, a GUID without dashes or braces) */
                        meterId: string;
                        /** @description The SKU (e.g. the VM size); '' or absent: none */
                        sku?: string;
                        /**
                         * @description In the meter's own unit (hours, GB…)
                         * @example 12.5
                         */
                        quantity: string;
                        /** @description The subscription that uses it (a tenant's estimate); default: the request's subscription */
                        subscriptionId?: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description The calculation */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Estimate"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "priceLists.list": {
        parameters: {
            query?: {
                /** @description Default 50 */
                limit?: number;
                cursor?: string;
                /** @description One of displayName, -displayName, createdAt, -createdAt */
                sort?: "displayName" | "-displayName" | "createdAt" | "-createdAt";
                /** @description Case-insensitive search text */
                q?: string;
                includeTotal?: "true" | "false";
                /** @description region: every subscription on the region; tenant: its subscriptions; subscription: an override */
                scopeType?: "region" | "tenant" | "subscription";
                /** @description Region lists of this region */
                regionId?: string;
                /** @description This tenant's list and the overrides of its subscriptions */
                tenantId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of price lists */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["PriceListSummary"][];
                        /** @description Pass as `cursor` to get the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description Present when includeTotal=true */
                        total?: number;
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "priceLists.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description region: every subscription on the region; tenant: its subscriptions; subscription: an override
                     * @enum {string}
                     */
                    scopeType: "region" | "tenant" | "subscription";
                    /** @description scopeType region: required */
                    regionId?: string;
                    /** @description scopeType tenant: required */
                    tenantId?: string;
                    /** @description scopeType subscription: required */
                    subscriptionId?: string;
                    displayName: string;
                    description?: string | null;
                    /** @description Region lists: default the platform currency; tenant lists: default the tenant's; subscription overrides: the tenant's (any other is refused) */
                    currency?: string;
                };
            };
        };
        responses: {
            /** @description The new price list */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PriceList"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "priceLists.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The price list */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PriceList"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "priceLists.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted with its versions and items */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "priceLists.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    displayName?: string;
                    description?: string | null;
                    /** @description Only while no version was ever activated (409 otherwise) */
                    currency?: string;
                };
            };
        };
        responses: {
            /** @description The price list after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PriceList"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "priceLists.clone": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path: {
                listId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description region: every subscription on the region; tenant: its subscriptions; subscription: an override
                     * @enum {string}
                     */
                    scopeType: "region" | "tenant" | "subscription";
                    regionId?: string;
                    tenantId?: string;
                    subscriptionId?: string;
                    /** @description Default: the source list's */
                    displayName?: string;
                    description?: string | null;
                    /** @description Default: the source list's (an override: the tenant's) */
                    currency?: string;
                    /** @description Copy only this version of the source (as version 1, a draft); default: every version */
                    versionId?: string;
                };
            };
        };
        responses: {
            /** @description The new price list */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PriceList"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "priceListVersions.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path: {
                listId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The first month the version rates once activated, 'YYYY-MM' */
                    effectiveFrom: string;
                    notes?: string | null;
                    /** @description Copy this version's items (a version of the same list); default: empty */
                    copyFromVersionId?: string;
                };
            };
        };
        responses: {
            /** @description The new draft */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PriceListVersion"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "priceListVersions.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The version */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PriceListVersion"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "priceListVersions.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted with its items */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "priceListVersions.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Drafts only (an activated version keeps its month) */
                    effectiveFrom?: string;
                    notes?: string | null;
                };
            };
        };
        responses: {
            /** @description The version after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PriceListVersion"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "priceListVersions.activate": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The activated version and the one it superseded */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PriceListActivation"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "priceListVersions.export": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV: meter_id, sku, price_unit, pricing, rate, tiers (from-to:rate|…), description; cells a spreadsheet would run as a formula start with ' */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "priceListVersions.import": {
        parameters: {
            query?: {
                /** @description true (default): report the changes and write nothing; false: apply them, all or none */
                dryRun?: "true" | "false";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The CSV file as text, in the export format (docs/pricing.md) */
                    content: string;
                };
            };
        };
        responses: {
            /** @description The changes, and whether they were applied */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PriceImportResult"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "priceItems.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path: {
                versionId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A meter of the catalog (GET /api/v1/meters); stored in its normalised form */
                    meterId: string;
                    /** @description A SKU (e.g. the VM size); '' or absent: the whole meter */
                    sku?: string;
                    /**
                     * @description meter: the meter's own unit; month: per month, for a meter metered in hours
                     * @default meter
                     * @enum {string}
                     */
                    priceUnit?: "meter" | "month";
                    /**
                     * @description flat: one rate; graduated or volume: tiers (semantics.md "Tiers")
                     * @default flat
                     * @enum {string}
                     */
                    pricing?: "flat" | "graduated" | "volume";
                    /**
                     * @description Flat items: required
                     * @example 12.5
                     */
                    rate?: string;
                    /** @description Graduated and volume items: required (first from 0, contiguous, last open-ended) */
                    tiers?: {
                        /**
                         * @description Decimal as a string, at most 30 decimal places, not negative
                         * @example 12.5
                         */
                        from: string;
                        /** @description null on the last tier (open-ended) */
                        to: string | null;
                        /**
                         * @description Decimal as a string, at most 18 decimal places, not negative
                         * @example 12.5
                         */
                        rate: string;
                    }[];
                    description?: string | null;
                };
            };
        };
        responses: {
            /** @description The new item */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PriceItem"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "priceItems.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "priceItems.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A SKU (e.g. the VM size); '' or absent: the whole meter */
                    sku?: string;
                    /**
                     * @description meter: the meter's own unit; month: per month, for a meter metered in hours
                     * @enum {string}
                     */
                    priceUnit?: "meter" | "month";
                    /**
                     * @description flat: one rate; graduated or volume: tiers (semantics.md "Tiers")
                     * @enum {string}
                     */
                    pricing?: "flat" | "graduated" | "volume";
                    /** @description Flat items */
                    rate?: string | null;
                    /** @description Tiered items */
                    tiers?: {
                        /**
                         * @description Decimal as a string, at most 30 decimal places, not negative
                         * @example 12.5
                         */
                        from: string;
                        /** @description null on the last tier (open-ended) */
                        to: string | null;
                        /**
                         * @description Decimal as a string, at most 18 decimal places, not negative
                         * @example 12.5
                         */
                        rate: string;
                    }[];
                    description?: string | null;
                };
            };
        };
        responses: {
            /** @description The item after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PriceItem"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "taxProfiles.list": {
        parameters: {
            query?: {
                /** @description Default 50 */
                limit?: number;
                cursor?: string;
                /** @description One of name, -name, createdAt, -createdAt */
                sort?: "name" | "-name" | "createdAt" | "-createdAt";
                /** @description Case-insensitive search text */
                q?: string;
                includeTotal?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of tax profiles */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["TaxProfile"][];
                        /** @description Pass as `cursor` to get the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description Present when includeTotal=true */
                        total?: number;
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "taxProfiles.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Unique, ignoring case */
                    name: string;
                    /** @description Exempt: no tax at all (then no rates). Default false */
                    exempt?: boolean;
                    /** @description The whole set of rates (an update replaces it). None when exempt; at least one otherwise */
                    rates?: {
                        /** @description Printed on the invoice, e.g. "GST" or "VAT" */
                        name: string;
                        /**
                         * @description 0 to 100, e.g. "10" or "8.875"
                         * @example 12.5
                         */
                        percentage: string;
                        /**
                         * Format: date
                         * @description First day (Platform Time Zone) this rate applies to an invoice issued on it; for each rate name the latest one on or before the issue date applies
                         */
                        effectiveFrom: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description The new tax profile */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaxProfile"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "taxProfiles.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tax profile */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaxProfile"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "taxProfiles.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "taxProfiles.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    exempt?: boolean;
                    /** @description The whole set of rates (an update replaces it). None when exempt; at least one otherwise */
                    rates?: {
                        /** @description Printed on the invoice, e.g. "GST" or "VAT" */
                        name: string;
                        /**
                         * @description 0 to 100, e.g. "10" or "8.875"
                         * @example 12.5
                         */
                        percentage: string;
                        /**
                         * Format: date
                         * @description First day (Platform Time Zone) this rate applies to an invoice issued on it; for each rate name the latest one on or before the issue date applies
                         */
                        effectiveFrom: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description The tax profile after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaxProfile"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "exchangeRates.list": {
        parameters: {
            query?: {
                /** @description Default 50 */
                limit?: number;
                cursor?: string;
                /** @description Newest first by default */
                sort?: "-effectiveFrom" | "effectiveFrom";
                /** @description Only this currency */
                currency?: "AED" | "AFN" | "ALL" | "AMD" | "ANG" | "AOA" | "ARS" | "AUD" | "AWG" | "AZN" | "BAM" | "BBD" | "BDT" | "BGN" | "BHD" | "BIF" | "BMD" | "BND" | "BOB" | "BRL" | "BSD" | "BTN" | "BWP" | "BYN" | "BZD" | "CAD" | "CDF" | "CHF" | "CLP" | "CNY" | "COP" | "CRC" | "CUP" | "CVE" | "CZK" | "DJF" | "DKK" | "DOP" | "DZD" | "EGP" | "ERN" | "ETB" | "EUR" | "FJD" | "FKP" | "GBP" | "GEL" | "GHS" | "GIP" | "GMD" | "GNF" | "GTQ" | "GYD" | "HKD" | "HNL" | "HTG" | "HUF" | "IDR" | "ILS" | "INR" | "IQD" | "IRR" | "ISK" | "JMD" | "JOD" | "JPY" | "KES" | "KGS" | "KHR" | "KMF" | "KPW" | "KRW" | "KWD" | "KYD" | "KZT" | "LAK" | "LBP" | "LKR" | "LRD" | "LSL" | "LYD" | "MAD" | "MDL" | "MGA" | "MKD" | "MMK" | "MNT" | "MOP" | "MRU" | "MUR" | "MVR" | "MWK" | "MXN" | "MYR" | "MZN" | "NAD" | "NGN" | "NIO" | "NOK" | "NPR" | "NZD" | "OMR" | "PAB" | "PEN" | "PGK" | "PHP" | "PKR" | "PLN" | "PYG" | "QAR" | "RON" | "RSD" | "RUB" | "RWF" | "SAR" | "SBD" | "SCR" | "SDG" | "SEK" | "SGD" | "SHP" | "SLE" | "SOS" | "SRD" | "SSP" | "STN" | "SVC" | "SYP" | "SZL" | "THB" | "TJS" | "TMT" | "TND" | "TOP" | "TRY" | "TTD" | "TWD" | "TZS" | "UAH" | "UGX" | "USD" | "UYU" | "UZS" | "VES" | "VND" | "VUV" | "WST" | "XAF" | "XCD" | "XOF" | "XPF" | "YER" | "ZAR" | "ZMW" | "ZWL";
                includeTotal?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of exchange rates */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ExchangeRate"][];
                        /** @description Pass as `cursor` to get the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description Present when includeTotal=true */
                        total?: number;
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "exchangeRates.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description ISO 4217 code of the currency the rate converts to
                     * @enum {string}
                     */
                    currency: "AED" | "AFN" | "ALL" | "AMD" | "ANG" | "AOA" | "ARS" | "AUD" | "AWG" | "AZN" | "BAM" | "BBD" | "BDT" | "BGN" | "BHD" | "BIF" | "BMD" | "BND" | "BOB" | "BRL" | "BSD" | "BTN" | "BWP" | "BYN" | "BZD" | "CAD" | "CDF" | "CHF" | "CLP" | "CNY" | "COP" | "CRC" | "CUP" | "CVE" | "CZK" | "DJF" | "DKK" | "DOP" | "DZD" | "EGP" | "ERN" | "ETB" | "EUR" | "FJD" | "FKP" | "GBP" | "GEL" | "GHS" | "GIP" | "GMD" | "GNF" | "GTQ" | "GYD" | "HKD" | "HNL" | "HTG" | "HUF" | "IDR" | "ILS" | "INR" | "IQD" | "IRR" | "ISK" | "JMD" | "JOD" | "JPY" | "KES" | "KGS" | "KHR" | "KMF" | "KPW" | "KRW" | "KWD" | "KYD" | "KZT" | "LAK" | "LBP" | "LKR" | "LRD" | "LSL" | "LYD" | "MAD" | "MDL" | "MGA" | "MKD" | "MMK" | "MNT" | "MOP" | "MRU" | "MUR" | "MVR" | "MWK" | "MXN" | "MYR" | "MZN" | "NAD" | "NGN" | "NIO" | "NOK" | "NPR" | "NZD" | "OMR" | "PAB" | "PEN" | "PGK" | "PHP" | "PKR" | "PLN" | "PYG" | "QAR" | "RON" | "RSD" | "RUB" | "RWF" | "SAR" | "SBD" | "SCR" | "SDG" | "SEK" | "SGD" | "SHP" | "SLE" | "SOS" | "SRD" | "SSP" | "STN" | "SVC" | "SYP" | "SZL" | "THB" | "TJS" | "TMT" | "TND" | "TOP" | "TRY" | "TTD" | "TWD" | "TZS" | "UAH" | "UGX" | "USD" | "UYU" | "UZS" | "VES" | "VND" | "VUV" | "WST" | "XAF" | "XCD" | "XOF" | "XPF" | "YER" | "ZAR" | "ZMW" | "ZWL";
                    /**
                     * @description Units of `currency` per 1 unit of the platform currency, e.g. "1.5234567891" (up to 18 decimal places)
                     * @example 12.5
                     */
                    rate: string;
                    /**
                     * Format: date-time
                     * @description The instant it takes effect (an ISO 8601 time with an offset, e.g. 2026-07-01T00:00:00Z). A period uses the latest rate effective at its end
                     */
                    effectiveFrom: string;
                };
            };
        };
        responses: {
            /** @description The new rate */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExchangeRate"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "exchangeRates.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The exchange rate */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExchangeRate"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "exchangeRates.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "discounts.list": {
        parameters: {
            query?: {
                /** @description Default 50 */
                limit?: number;
                cursor?: string;
                /** @description One of createdAt, -createdAt */
                sort?: "createdAt" | "-createdAt";
                /** @description Case-insensitive search text */
                q?: string;
                includeTotal?: "true" | "false";
                /** @description The tenant's discounts and its subscriptions' */
                tenantId?: string;
                subscriptionId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of discounts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Discount"][];
                        /** @description Pass as `cursor` to get the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description Present when includeTotal=true */
                        total?: number;
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "discounts.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A tenant discount: give tenantId or subscriptionId, not both */
                    tenantId?: string;
                    /** @description A subscription discount (replaces its tenant's discount for that subscription) */
                    subscriptionId?: string;
                    /**
                     * @description Percentage off, more than 0 and at most 100, e.g. "12.5"
                     * @example 12.5
                     */
                    percentage: string;
                    /** @description Only these meters (ids as the meter catalog lists them); null or absent: every meter */
                    meterIds?: string[] | null;
                    /** @description First period 'YYYY-MM' (inclusive); null: open */
                    fromPeriod?: string | null;
                    /** @description Last period 'YYYY-MM' (inclusive); null: open */
                    toPeriod?: string | null;
                    description?: string | null;
                };
            };
        };
        responses: {
            /** @description The new discount */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Discount"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "discounts.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The discount */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Discount"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "discounts.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "discounts.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description Percentage off, more than 0 and at most 100, e.g. "12.5"
                     * @example 12.5
                     */
                    percentage?: string;
                    /** @description Only these meters (ids as the meter catalog lists them); null or absent: every meter */
                    meterIds?: string[] | null;
                    /** @description First period 'YYYY-MM' (inclusive); null: open */
                    fromPeriod?: string | null;
                    /** @description Last period 'YYYY-MM' (inclusive); null: open */
                    toPeriod?: string | null;
                    description?: string | null;
                };
            };
        };
        responses: {
            /** @description The discount after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Discount"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "credits.list": {
        parameters: {
            query?: {
                /** @description Default 50 */
                limit?: number;
                cursor?: string;
                /** @description One of createdAt, -createdAt */
                sort?: "createdAt" | "-createdAt";
                /** @description Case-insensitive search text */
                q?: string;
                includeTotal?: "true" | "false";
                /** @description The tenant's credits and its subscriptions' */
                tenantId?: string;
                subscriptionId?: string;
                /** @description The item credits of a price list's items */
                priceListId?: string;
                /** @description The item credits of that item: of its price list, meter and SKU (the same item in every version) */
                priceItemId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of credits */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Credit"][];
                        /** @description Pass as `cursor` to get the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description Present when includeTotal=true */
                        total?: number;
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "credits.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description An item credit: offsets the lines of that price item (its list's meter and SKU, in every version of the list) across a tenant's subscriptions, in the price list's currency */
                    priceItemId?: string;
                    /** @description A subscription credit, in its tenant's currency */
                    subscriptionId?: string;
                    /** @description A tenant credit, in the tenant's currency */
                    tenantId?: string;
                    /**
                     * @description Per billing period, in the credit's currency, e.g. "25.00"
                     * @example 12.5
                     */
                    amount: string;
                    /**
                     * @description First period 'YYYY-MM'
                     * @example 2026-07
                     */
                    fromPeriod: string;
                    /** @description Last period 'YYYY-MM' (inclusive); null or absent: no end */
                    toPeriod?: string | null;
                    /** @description true: for fromPeriod only (sets toPeriod to fromPeriod; do not give another toPeriod) */
                    oneOff?: boolean;
                    /** @description Printed on the credit line */
                    description: string;
                };
            };
        };
        responses: {
            /** @description The new credit */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Credit"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "credits.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The credit */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Credit"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "credits.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "credits.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description Per billing period, in the credit's currency, e.g. "25.00"
                     * @example 12.5
                     */
                    amount?: string;
                    /** @example 2026-07 */
                    fromPeriod?: string;
                    toPeriod?: string | null;
                    /** @description true: for fromPeriod only (sets toPeriod to fromPeriod; do not give another toPeriod) */
                    oneOff?: boolean;
                    /** @description Printed on the credit line */
                    description?: string;
                };
            };
        };
        responses: {
            /** @description The credit after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Credit"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "reports.focus": {
        parameters: {
            query: {
                /** @description The billing period: each region's local calendar month */
                period: string;
                /** @description Only this tenant (default: every tenant you can see) */
                tenantId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV (RFC 4180), one FOCUS row per line; the header names the columns */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "reports.subscriptionSummary": {
        parameters: {
            query: {
                /** @description Only this tenant (default: every tenant you can see) */
                tenantId?: string;
                /** @description First local day of usage (inclusive) */
                from: string;
                /** @description Last local day of usage (inclusive); at most 366 days from from */
                to: string;
                /** @description json (this schema), csv (one table) or xlsx (an Excel workbook) */
                format?: "json" | "csv" | "xlsx";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The summary (format=json), or its CSV or xlsx file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionSummary"];
                    "text/csv": string;
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "reports.chargeback": {
        parameters: {
            query: {
                period: string;
                /** @description json (this schema), csv (one table) or xlsx (an Excel workbook) */
                format?: "json" | "csv" | "xlsx";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report (format=json), or its CSV or xlsx file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChargebackReport"];
                    "text/csv": string;
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "reports.reconciliation": {
        parameters: {
            query: {
                period: string;
                /** @description Only this tenant (default: every tenant you can see) */
                tenantId?: string;
                /** @description json (this schema), csv (one table) or xlsx (an Excel workbook) */
                format?: "json" | "csv" | "xlsx";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report (format=json), or its CSV or xlsx file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReconciliationReport"];
                    "text/csv": string;
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "invoices.list": {
        parameters: {
            query?: {
                /** @description Default 50 */
                limit?: number;
                cursor?: string;
                /** @description One of createdAt, -createdAt, period, -period */
                sort?: "createdAt" | "-createdAt" | "period" | "-period";
                /** @description Case-insensitive search text */
                q?: string;
                includeTotal?: "true" | "false";
                status?: "preview" | "issued" | "paid" | "void";
                kind?: "invoice" | "credit_note" | "statement";
                period?: string;
                tenantId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of invoices */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Invoice"][];
                        /** @description Pass as `cursor` to get the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description Present when includeTotal=true */
                        total?: number;
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "invoices.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The invoice */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoiceDetail"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "invoices.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "invoices.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The PDF */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "invoices.email": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The recipients; absent: the tenant's billing e-mail (else its contact e-mail) */
                    to?: string[];
                };
            };
        };
        responses: {
            /** @description Queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoiceEmailQueued"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "invoices.emails": {
        parameters: {
            query?: {
                /** @description Default 50 */
                limit?: number;
                cursor?: string;
                includeTotal?: "true" | "false";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the e-mail log */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["EmailLogEntry"][];
                        /** @description Pass as `cursor` to get the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description Present when includeTotal=true */
                        total?: number;
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "invoices.generate": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description The billing period 'YYYY-MM' (each region's local month)
                     * @example 2024-03
                     */
                    period: string;
                    /** @description The tenants to invoice; absent: every tenant you bill for the period */
                    tenantIds?: string[];
                };
            };
        };
        responses: {
            /** @description The generation job */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoiceGeneration"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "invoices.issue": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The issued invoice */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoiceDetail"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "invoices.issueAll": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description The billing period 'YYYY-MM' whose previews to issue
                     * @example 2024-03
                     */
                    period: string;
                    /** @description The tenants whose previews to issue; absent: every preview of the period you bill */
                    tenantIds?: string[];
                };
            };
        };
        responses: {
            /** @description The issue job */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoiceIssueJob"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "invoices.void": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Printed on the credit note */
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description The voided invoice and its credit note */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoiceVoided"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "invoices.creditNote": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    lines: {
                        lineId: string;
                        /**
                         * @description What to credit of the line; absent: all that is left of it
                         * @example 12.5
                         */
                        amount?: string;
                    }[];
                    /** @description Printed on the credit note */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The credit note */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoiceDetail"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "invoices.payments": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Payments, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["InvoicePayment"][];
                    };
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "invoices.recordPayment": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key replays the first response instead of repeating the change */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description In the invoice's currency, at most what is due
                     * @example 12.5
                     */
                    amount: string;
                    /**
                     * Format: date
                     * @description The day the payment was received
                     * @example 2024-03-01
                     */
                    paidOn: string;
                    /** @description The payer's or bank's reference */
                    reference?: string;
                };
            };
        };
        responses: {
            /** @description The payment */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoicePayment"];
                };
            };
            /** @description Invalid input; `field` names the offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid session or API token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for your role, or CSRF token missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or outside your scope */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
