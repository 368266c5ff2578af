package fr.caducee.domain.model;

import java.util.Locale;

import fr.caducee.domain.identifier.InvalidIdentifierException;

/** Whether a box (or a patient's box) may receive and send mail. A suspended box keeps its mail and its address. */
public enum BoxStatus {
    ACTIVE, SUSPENDED;

    /** The value stored in the directory. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BoxStatus parse(String code) {
        if (code != null) {
            for (BoxStatus status : values()) {
                if (status.code().equalsIgnoreCase(code.strip())) {
                    return status;
                }
            }
        }
        throw new InvalidIdentifierException("box status", code, "is not one of active, suspended");
    }
}
