package io.webops.cli;

import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.SchedulerStateRecord;

/**
 * Quartz's JDBC job store, quicker to see a dead instance. A clustered scheduler holds the next firing of each
 * trigger it will fire (state ACQUIRED) until it fires it; when that instance dies, the others recover the trigger
 * once its check-ins have stopped for long enough, and until then the schedule is silent. Quartz waits one check-in
 * interval plus a fixed 7.5 s; this store waits the interval plus {@link #GRACE_MILLIS}, so with check-ins every
 * 250 ms a once-a-second schedule goes on about a second after its instance died, firing the ticks it missed late
 * rather than never (they are within the misfire threshold). Taking a live instance for dead (a pause longer than
 * that) costs a recovery, not a tick fired twice: a trigger the paused instance held is no longer ACQUIRED when it
 * wakes, and Quartz does not fire it there. The grace also covers a pause of this instance's own check-ins.
 */
public final class ClusterJobStore extends JobStoreTX {

    /** How long past its check-in interval an instance may be silent before it is taken for dead. */
    static final long GRACE_MILLIS = 500;

    @Override
    protected long calcFailedIfAfter(SchedulerStateRecord rec) {
        return rec.getCheckinTimestamp() + Math.max(rec.getCheckinInterval(), System.currentTimeMillis() - lastCheckin)
                + GRACE_MILLIS;
    }
}
