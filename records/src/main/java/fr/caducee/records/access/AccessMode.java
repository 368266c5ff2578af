package fr.caducee.records.access;

import java.util.Locale;

/** How a record is read, as {@code record_access.mode} stores it. */
public enum AccessMode {
    /** A professional within the authorisation matrix, or software reading back its deposits. */
    NORMAL,
    /** "Bris de glace": a professional who declared an emergency and why, beyond the matrix. */
    EMERGENCY,
    /** A regulator of an emergency call centre (SAMU-Centre 15), who declared why. */
    REGULATOR,
    /** The patient, reading their own record, or their legal representative reading it for them. */
    PATIENT;

    public String stored() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Emergency and regulator accesses: declared, justified, refused when the patient refused emergency access. */
    public boolean emergency() {
        return this == EMERGENCY || this == REGULATOR;
    }
}
