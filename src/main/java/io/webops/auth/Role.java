package io.webops.auth;

/** What an account may do: admins everything, editors their own and shared work, viewers only read. */
public enum Role {
    ADMIN, EDITOR, VIEWER;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
