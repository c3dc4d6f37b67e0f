namespace HookRelay.Simulator.Generation;

/// <summary>
/// The event types the simulated org produces and how often, weighted like a typical workforce
/// org: sign-ins and SSO dominate, admin changes and membership changes follow, the rest is rare.
/// All are event-hook-eligible.
/// </summary>
internal static class EventMix
{
    public static IReadOnlyList<EventTemplate> Templates { get; } =
    [
        new("user.session.start", 300, "User login to Okta", "core.user_auth.login_success", EventShape.SignIn),
        new("user.authentication.sso", 220, "User single sign on to app", "app.auth.sso", EventShape.SignIn),
        new("user.authentication.auth_via_mfa", 120, "Authentication of user via MFA", "core.user.factor.attempt_success", EventShape.SignIn),
        new("user.authentication.authenticate", 30, "User authentication", null, EventShape.SignIn),
        new("user.authentication.auth_via_IDP", 15, "Authenticate user via IDP", null, EventShape.SignIn),
        new("user.session.end", 80, "User logout from Okta", "core.user_auth.logout_success", EventShape.SignOut),
        new("user.session.context.change", 10, "User session context changed", null, EventShape.SignOut),
        new("group.user_membership.add", 45, "Add user to group membership", "core.user_group_member.user_add", EventShape.GroupMembership),
        new("group.user_membership.remove", 15, "Remove user from group membership", "core.user_group_member.user_remove", EventShape.GroupMembership),
        new("application.user_membership.add", 35, "Add user to application membership", "app.generic.provision.assign_user_to_app", EventShape.AppMembership),
        new("application.user_membership.update", 10, "Update user's application membership", null, EventShape.AppMembership),
        new("application.user_membership.remove", 10, "Remove user from application membership", "app.generic.unauth_app_access_attempt", EventShape.AppMembership),
        new("user.lifecycle.create", 20, "Create Okta user", "core.user.config.user_creation.success", EventShape.UserAdmin),
        new("user.lifecycle.activate", 18, "Activate Okta user", "core.user.config.user_activated", EventShape.UserAdmin),
        new("user.lifecycle.deactivate", 6, "Deactivate Okta user", "core.user.config.user_deactivated", EventShape.UserAdmin),
        new("user.lifecycle.suspend", 3, "Suspend Okta user", "core.user.config.user_status.suspended", EventShape.UserAdmin),
        new("user.lifecycle.unsuspend", 2, "Unsuspend Okta user", "core.user.config.user_status.unsuspended", EventShape.UserAdmin),
        new("user.lifecycle.reactivate", 1, "Reactivate Okta user", null, EventShape.UserAdmin),
        new("user.account.update_profile", 25, "Update user profile for Okta", "core.user.config.profile_update.success", EventShape.UserAdmin),
        new("user.account.reset_password", 5, "Fired when the user's Okta password is reset", "core.user.config.password_reset", EventShape.UserAdmin),
        new("user.account.unlock_by_admin", 2, "Fired when an admin unlocks an account", null, EventShape.UserAdmin),
        new("user.account.update_password", 15, "Fired when the user's Okta password is updated", "core.user.config.password_update.success", EventShape.SelfService),
        new("user.account.lock", 4, "Max sign in attempts exceeded", "core.user_auth.account_locked", EventShape.SelfService, "WARN"),
        new("user.mfa.factor.activate", 12, "Activate factor for user", "core.user.factor.activate", EventShape.SelfService),
        new("user.mfa.factor.deactivate", 4, "Reset factor for user", "core.user.factor.deactivate", EventShape.UserAdmin),
        new("group.lifecycle.create", 3, "Create Okta group", "core.user_group.created", EventShape.GroupAdmin),
        new("group.profile.update", 2, "Update group profile", null, EventShape.GroupAdmin),
        new("group.application_assignment.add", 2, "Add assigned application to group", null, EventShape.GroupAdmin),
        new("application.lifecycle.update", 2, "Update application", "app.generic.config.app_updated", EventShape.AppAdmin),
        new("application.lifecycle.activate", 1, "Activate application", "app.generic.config.app_activated", EventShape.AppAdmin),
        new("policy.rule.update", 2, "Update policy rule", null, EventShape.PolicyAdmin),
        new("policy.lifecycle.update", 1, "Update policy", null, EventShape.PolicyAdmin),
        new("user.risk.detect", 3, "User risk detected", null, EventShape.Risk, "WARN"),
        new("system.import.complete", 1, "Import completed", null, EventShape.SystemJob),
    ];
}
