package io.webops.auth;

import java.util.Locale;
import java.util.Optional;

/** What an account may do: admins everything, editors their own and shared work, viewers only read. */
public enum Role {
    ADMIN, EDITOR, VIEWER;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role with this id ({@code admin}, {@code editor}, {@code viewer}), if there is one. */
    public static Optional<Role> of(String id) {
        for (Role r : values()) {
            if (r.id().equals(id)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
