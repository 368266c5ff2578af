package fr.caducee.records.access;

import java.util.Objects;
import java.util.Optional;

/**
 * One search or read of a record: who, in which mode, and why when the mode needs a reason.
 *
 * @param justification the reason an emergency or regulator access gave; empty otherwise
 */
public record AccessRequest(Reader reader, AccessMode mode, Optional<String> justification) {
    public AccessRequest {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(mode, "mode");
        justification = Objects.requireNonNullElse(justification, Optional.<String>empty()).map(String::strip)
            .filter(text -> !text.isEmpty());
    }

    /**
     * The normal access of a reader: the patient's own (or their representative's, for them), or a professional's or
     * software's within the rules.
     */
    public static AccessRequest normal(Reader reader) {
        return new AccessRequest(reader, reader instanceof Reader.Patient || reader instanceof Reader.Representative
            ? AccessMode.PATIENT : AccessMode.NORMAL, Optional.empty());
    }
}
