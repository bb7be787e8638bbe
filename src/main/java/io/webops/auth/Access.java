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

    /** Resource kinds (as the shares table names them) that a running workflow uses. */
    public static final String WORKFLOW = "workflow";
    public static final String CREDENTIAL = "credential";
    public static final String AGENT = "agent";

    private final Shares shares;

    public Access(Shares shares) {
        this.shares = shares;
    }

    public boolean canRead(Caller caller, String kind, String resourceId, String ownerId) {
        return caller.isAdmin() || isOwnerOrSharedWith(caller.userId(), kind, resourceId, ownerId);
    }

    /** Whether the user owns the resource or it was shared with them, whatever their role (whom a workflow may notify). */
    public boolean isOwnerOrSharedWith(String userId, String kind, String resourceId, String ownerId) {
        return userId.equals(ownerId) || shares.access(kind, resourceId, userId).isPresent();
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
