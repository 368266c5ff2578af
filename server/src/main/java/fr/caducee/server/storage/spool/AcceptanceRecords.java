package fr.caducee.server.storage.spool;

import java.time.Instant;
import java.util.Set;

/**
 * Which mails the audit trail has an {@code ACCEPTED} record for: asked at start about the mails a dead JVM left held
 * in the spool, to release those that were recorded and withdraw the others.
 */
@FunctionalInterface
public interface AcceptanceRecords {
    /** Knows no record: every held mail is withdrawn (tests of the spool alone). */
    AcceptanceRecords NONE = (mailNames, since) -> Set.of();

    /**
     * @param mailNames the mails' names
     * @param since     no record of them is older than this
     * @return those of {@code mailNames} the trail holds an {@code ACCEPTED} record for
     */
    Set<String> recorded(Set<String> mailNames, Instant since);
}
