package io.webops.nodes;

/**
 * The part a node plays in the shape of a run, declared by its type so the validator, the
 * translator and the planner read it instead of testing type ids.
 */
public enum Flow {
    /** Runs once per arrival and passes its result on. */
    PLAIN,
    /** Runs the nodes after it once per item (split, loop). */
    SPLIT,
    /** Closes the region of the split or loop it meets and gathers the per-item outputs. */
    GATHER,
    /** Without an incoming connection, catches the workflow's failures instead of starting it. */
    CATCH_ALL
}
