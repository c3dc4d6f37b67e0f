-- Secrets HookRelay generated for hooks configured without one. Kept in the shared database so
-- every instance answers Okta with the same secret; whoever may read this table may read them.
CREATE TABLE generated_secrets (
    hook       text PRIMARY KEY,
    secret     text   NOT NULL,
    created_at bigint NOT NULL
);
