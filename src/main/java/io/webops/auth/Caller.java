package io.webops.auth;

/**
 * Who an API request or an execution acts for. Resources (workflows, credentials, agents,
 * notifications…) record their owner as {@link #userId()}.
 */
public record Caller(String userId, Role role) {

    /** The runtime itself: command-line runs, triggers, and the API before sign-in is enforced. */
    public static final Caller SYSTEM = new Caller("system", Role.ADMIN);

    /** A user with the role stored for them; an unknown role reads only (viewer). */
    public static Caller of(String userId, String role) {
        return new Caller(userId, Role.of(role).orElse(Role.VIEWER));
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Viewers read; everyone else may change and run what they can see. */
    public boolean canWrite() {
        return role != Role.VIEWER;
    }

    /** Admins see everything; others what they own. */
    public boolean owns(String ownerId) {
        return isAdmin() || userId.equals(ownerId);
    }
}
