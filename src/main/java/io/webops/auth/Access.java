package io.webops.auth;

import io.webops.history.Shares;

/**
 * The one access rule for every kind of resource (workflow, credential, agent, notification…): admins may do
 * everything; the owner may read and change; a user the resource was shared with may read it (share {@code read})
 * or also change it (share {@code edit}); viewers never change anything. A resource the caller cannot read must be
 * answered as if it did not exist (404), so ids do not leak.
 */
public final class Access {

    public static final String READ = "read";
    public static final String EDIT = "edit";

    private final Shares shares;

    public Access(Shares shares) {
        this.shares = shares;
    }

    public boolean canRead(Caller caller, String kind, String resourceId, String ownerId) {
        return caller.owns(ownerId) || shares.access(kind, resourceId, caller.userId()).isPresent();
    }

    public boolean canWrite(Caller caller, String kind, String resourceId, String ownerId) {
        if (!caller.canWrite()) {
            return false;
        }
        return caller.owns(ownerId) || shares.access(kind, resourceId, caller.userId()).filter(EDIT::equals).isPresent();
    }

    /** Who may share or unshare a resource: its owner or an admin (not someone it was shared with). */
    public boolean canShare(Caller caller, String ownerId) {
        return caller.canWrite() && caller.owns(ownerId);
    }

    public Shares shares() {
        return shares;
    }
}
