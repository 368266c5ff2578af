package fr.caducee.domain.directory.store;

/** What a put did to the store. */
public enum WriteOutcome {
    ADDED, UPDATED, UNCHANGED
}
