package fr.caducee.trust.whitelist;

import java.time.Instant;
import java.util.Objects;

/**
 * What one refresh attempt of the whitelist did.
 *
 * @param time        when the attempt ended
 * @param success     whether a new list was installed
 * @param reason      on success a summary of the change, on failure why the previous list was kept
 * @param domainCount number of domains in the list in force after the attempt (the kept one on failure)
 */
public record RefreshOutcome(Instant time, boolean success, String reason, int domainCount) {

    public RefreshOutcome {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(reason, "reason");
    }

    static RefreshOutcome success(Instant time, String reason, int domainCount) {
        return new RefreshOutcome(time, true, reason, domainCount);
    }

    static RefreshOutcome failure(Instant time, String reason, int domainCount) {
        return new RefreshOutcome(time, false, reason, domainCount);
    }
}
