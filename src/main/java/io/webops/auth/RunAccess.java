package io.webops.auth;

import io.webops.history.Users;
import java.util.Map;
import java.util.Optional;

/**
 * What a saved workflow may use when it runs (a sub-workflow, a followed workflow, a credential, an agent): what its
 * owner may read now, by the rule of {@link Access}, asked at each use so that a share revoked after the workflow was
 * saved stops it. The owner acts with the role they have now; a deleted account keeps only what it owned or was
 * shared. A workflow of no one (command-line runs; rows saved before accounts, which only admins see) acts as the
 * runtime and may use anything.
 */
public final class RunAccess {

    /** Who owns a resource of one kind: empty when it does not exist or has no owner. */
    @FunctionalInterface
    public interface Owners {
        Optional<String> of(String resourceId);
    }

    private final Access access;
    private final Users users;
    private final Map<String, Owners> owners;

    /** @param owners the owner lookup of each kind a workflow may use ({@link Access#WORKFLOW}, …) */
    public RunAccess(Access access, Users users, Map<String, Owners> owners) {
        this.access = access;
        this.users = users;
        this.owners = Map.copyOf(owners);
    }

    /** Whether a workflow owned by {@code workflowOwnerId} (null: no one) may use the resource now. */
    public boolean mayUse(String workflowOwnerId, String kind, String resourceId) {
        if (workflowOwnerId == null) {
            return true;
        }
        Owners kindOwners = owners.get(kind);
        if (kindOwners == null) {
            throw new IllegalArgumentException("No owners are known for resources of kind '" + kind + "'");
        }
        Caller owner = users.get(workflowOwnerId).map(u -> Caller.of(u.id(), u.role()))
                .orElseGet(() -> new Caller(workflowOwnerId, Role.VIEWER));
        return access.canRead(owner, kind, resourceId, kindOwners.of(resourceId).orElse(null));
    }
}
